import { describe, expect, it } from 'vitest';
import { cacheable } from './send-cached';

describe('cacheable: which lookups go through the cached middleware', () => {
  it('a request naming its tables by name', () => {
    expect(cacheable({ TableName: 'orders', Key: { id: { S: 'a' } } })).toBe(true);
    expect(cacheable({ RequestItems: { orders: { Keys: [] }, users: { Keys: [] } } })).toBe(true);
  });

  it('not one naming a table by ARN (another account may answer at another endpoint)', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:111122223333:table/orders';
    expect(cacheable({ TableName: arn, Key: { id: { S: 'a' } } })).toBe(false);
    expect(cacheable({ RequestItems: { users: { Keys: [] }, [arn]: { Keys: [] } } })).toBe(false);
  });
});

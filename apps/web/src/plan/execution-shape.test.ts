import { describe, expect, it } from 'vitest';
import { executionShapeText } from './execution-shape';

describe('executionShapeText: the plan panel says how the statement runs', () => {
  it('puts each shape in plain words', () => {
    expect(executionShapeText({ shape: 'count' })).toBe(
      'DynamoDB counts the matching items; none is transferred.',
    );
    expect(executionShapeText({ shape: 'stream-through-host', limit: 3 })).toBe(
      'Each page goes through Postgres as it arrives; reading stops once LIMIT is met.',
    );
    expect(executionShapeText({ shape: 'engine-hash-join' })).toBe(
      'The engine joins the items itself (a hash join); Postgres does no work.',
    );
    expect(executionShapeText({ shape: 'write' })).toBe(
      'Postgres evaluates the write on a copy of the rows; the engine writes the difference to DynamoDB.',
    );
  });

  it('speaks of LIMIT only when the statement has one (a BatchGetItem by IN has none)', () => {
    expect(executionShapeText({ shape: 'stream-through-host' })).toBe(
      'Each page goes through Postgres as it arrives.',
    );
  });

  it('says nothing when the plan names no shape', () => {
    expect(executionShapeText(null)).toBeNull();
    expect(executionShapeText(undefined)).toBeNull();
    expect(executionShapeText({})).toBeNull();
    // A shape this build does not know (a newer server): no words rather than wrong ones.
    expect(executionShapeText({ shape: 'later-shape' as never })).toBeNull();
  });
});

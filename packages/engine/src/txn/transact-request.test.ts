import { describe, expect, it } from 'vitest';
import type { ReadItem } from '../write/conditional-write';
import type { PendingWrite } from './pending-write';
import { transactItem } from './transact-request';

const read: ReadItem = {
  table: 'T',
  key: { id: { S: 'a' } },
  image: { id: { S: 'a' }, n: { N: '1' } },
  readNames: ['id', 'n', 'tag'],
};
/** `read` as a condition: key present, n = 1, tag absent; the item back on failure. */
const asRead = {
  ConditionExpression: 'attribute_exists(#c2) AND #c0 = :c0 AND attribute_not_exists(#c1)',
  ExpressionAttributeNames: { '#c0': 'n', '#c1': 'tag', '#c2': 'id' },
  ExpressionAttributeValues: { ':c0': { N: '1' } },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
};
const base = { server: 1, table: 'T', relation: 'public.t', key: { id: { S: 'a' } } };

describe('transactItem', () => {
  it('an UPDATE: SET/REMOVE conditioned on the item as read (absent attributes absent), ALL_OLD on failure', () => {
    const w: PendingWrite = {
      ...base,
      condition: { kind: 'as-read', read },
      operation: { kind: 'update', change: { set: { n: { N: '2' } }, remove: ['tag'] } },
    };
    expect(transactItem(w)).toEqual({
      Update: {
        TableName: 'T',
        Key: { id: { S: 'a' } },
        UpdateExpression: 'SET #c0 = :c0 REMOVE #c1',
        ConditionExpression: 'attribute_exists(#c2) AND #c0 = :c1 AND attribute_not_exists(#c1)',
        ExpressionAttributeNames: { '#c0': 'n', '#c1': 'tag', '#c2': 'id' },
        ExpressionAttributeValues: { ':c0': { N: '2' }, ':c1': { N: '1' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  });

  it('a DELETE of an item read; an INSERT (unconditioned) and ON CONFLICT DO NOTHING (absent)', () => {
    expect(
      transactItem({ ...base, condition: { kind: 'as-read', read }, operation: { kind: 'delete' } }),
    ).toEqual({
      Delete: {
        TableName: 'T',
        Key: { id: { S: 'a' } },
        ...asRead,
      },
    });
    const item = { id: { S: 'b' }, n: { N: '3' } };
    expect(transactItem({ ...base, condition: { kind: 'none' }, operation: { kind: 'put', item } })).toEqual({
      Put: { TableName: 'T', Item: item },
    });
    expect(
      transactItem({
        ...base,
        condition: { kind: 'absent', pkName: 'id' },
        operation: { kind: 'put', item },
      }),
    ).toEqual({
      Put: {
        TableName: 'T',
        Item: item,
        ConditionExpression: 'attribute_not_exists(#k)',
        ExpressionAttributeNames: { '#k': 'id' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  });

  it('an UPDATE that changes nothing still requires the item as read (ConditionCheck)', () => {
    const w: PendingWrite = {
      ...base,
      condition: { kind: 'as-read', read },
      operation: { kind: 'update', change: { set: {}, remove: [] } },
    };
    expect(transactItem(w)).toEqual({
      ConditionCheck: {
        TableName: 'T',
        Key: { id: { S: 'a' } },
        ...asRead,
      },
    });
  });
});

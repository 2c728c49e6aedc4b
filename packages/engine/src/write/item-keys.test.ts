import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../plan/key-schema';
import { itemKey, keyOfRow, keyText, rememberKeys, type RowKeys } from './item-keys';

const info: TableInfo = {
  name: 'events',
  partitionKey: { name: 'dev', type: 'S' },
  sortKey: { name: 'ts', type: 'S' },
  indexes: [],
  itemCount: 0,
  sizeBytes: 0,
  billingMode: null,
};

describe('itemKey', () => {
  it('keeps exactly the key attributes the item has, in key-schema order', () => {
    expect(
      itemKey({ n: { N: '1' }, ts: { S: '2024-03-05T10:00:00Z' }, dev: { S: 'd1' } }, info, 'dynamodb.ev'),
    ).toEqual({
      dev: { S: 'd1' },
      ts: { S: '2024-03-05T10:00:00Z' },
    });
  });

  it('refuses an item missing a key attribute, or holding it in another type', () => {
    expect(() => itemKey({ dev: { S: 'x' }, v: { S: 'a' } }, info, 'dynamodb.ev')).toThrow(
      'cannot address the DynamoDB item {"dev":{"S":"x"}} of "dynamodb.ev": it has no key attribute "ts"',
    );
    expect(() => itemKey({ dev: { S: 'x' }, ts: { N: '1709632800' } }, info, 'dynamodb.ev')).toThrow(
      /its key attribute "ts" is N, not S/,
    );
  });
});

describe('row keys', () => {
  it('finds the key of each loaded row by its ctid; a row not loaded is an error, not a guess', () => {
    const keys: RowKeys = new Map();
    rememberKeys(
      keys,
      [
        { dev: { S: 'a' }, ts: { S: '1' } },
        { dev: { S: 'b' }, ts: { S: '2' } },
      ],
      ['(0,1)', '(0,2)'],
      info,
      'dynamodb.ev',
    );
    expect(keyOfRow(keys, '(0,2)', 'dynamodb.ev')).toEqual({ dev: { S: 'b' }, ts: { S: '2' } });
    expect(() => keyOfRow(keys, '(0,3)', 'dynamodb.ev')).toThrow(
      'cannot address the DynamoDB item of row (0,3) of "dynamodb.ev": the row was not read from DynamoDB',
    );
    expect(() => keyOfRow(keys, null, 'dynamodb.ev')).toThrow(/cannot address/);
    expect(() => rememberKeys(keys, [{ dev: { S: 'c' }, ts: { S: '3' } }], [], info, 'dynamodb.ev')).toThrow(
      /loaded 1 items .* got 0 row ids/,
    );
  });

  it('writes a key as JSON text, binary values in base64', () => {
    expect(keyText({ dev: { S: 'd' }, bin: { B: new Uint8Array([0, 255]) } })).toBe(
      '{"dev":{"S":"d"},"bin":{"B":"AP8="}}',
    );
  });
});

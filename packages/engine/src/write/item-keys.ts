import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';
import type { Item } from '../fetch/read-pages';
import { attributeType } from '../load/attribute-json';
import type { TableInfo } from '../plan/key-schema';

/** An item's key attributes exactly as DynamoDB returned them. */
export type ItemKey = Readonly<Record<string, AttributeValue>>;

/**
 * The keys UPDATE and DELETE write with, by the ctid of the row each item was loaded into: a write
 * addresses the key the item has, never one rebuilt from a column's Postgres value (a `timestamp`
 * column reads `2024-03-05T10:00:00Z` but would write `2024-03-05T10:00:00`).
 */
export type RowKeys = Map<string, ItemKey>;

/**
 * An item's own key: `{ dev: {S: 'd1'}, ts: {S: '2024-03-05T10:00:00Z'}, n: {N: '1'} }` on a table
 * keyed by dev + ts → `{ dev: {S: 'd1'}, ts: {S: '2024-03-05T10:00:00Z'} }`. An item missing a key
 * attribute of DescribeTable's schema, or holding it in another type (the table was recreated since
 * it was described), cannot be addressed: an error, never a write to some other key.
 */
export function itemKey(item: Item, info: TableInfo, relation: string): ItemKey {
  const key: Record<string, AttributeValue> = {};
  for (const k of [info.partitionKey, ...(info.sortKey ? [info.sortKey] : [])]) {
    const v = item[k.name];
    const problem = !v
      ? `it has no key attribute "${k.name}"`
      : attributeType(v) !== k.type
        ? `its key attribute "${k.name}" is ${attributeType(v)}, not ${k.type}`
        : null;
    if (problem) {
      const present = Object.fromEntries(
        Object.entries(item).filter(
          ([name]) => name === info.partitionKey.name || name === info.sortKey?.name,
        ),
      );
      throw new EngineError(
        SqlState.fdwError,
        `cannot address the DynamoDB item ${keyText(present)} of "${relation}": ${problem}`,
        {
          hint: `DescribeTable says "${info.name}" is keyed by ${keySchemaText(info)}; a table recreated with another key schema is described again within 30 seconds`,
        },
      );
    }
    key[k.name] = v!;
  }
  return key;
}

/** Remembers the keys of items just loaded, by the ctids their rows got (in item order). */
export function rememberKeys(
  keys: RowKeys,
  items: readonly Item[],
  ctids: readonly string[],
  info: TableInfo,
  relation: string,
): void {
  if (ctids.length !== items.length) {
    throw new EngineError(
      SqlState.internalError,
      `loaded ${items.length} items of "${relation}" but got ${ctids.length} row ids back`,
    );
  }
  items.forEach((item, i) => keys.set(ctids[i]!, itemKey(item, info, relation)));
}

/** The key of the item a row of the write target was loaded from; a row not read from DynamoDB is an error. */
export function keyOfRow(keys: ReadonlyMap<string, ItemKey>, ctid: string | null, relation: string): ItemKey {
  const key = ctid === null ? undefined : keys.get(ctid);
  if (!key) {
    throw new EngineError(
      SqlState.internalError,
      `cannot address the DynamoDB item of row ${ctid} of "${relation}": the row was not read from DynamoDB`,
    );
  }
  return key;
}

/** A key as JSON text, binary values in base64: `{"dev":{"S":"d1"},"bin":{"B":"AP8="}}`. Equal keys give equal text. */
export function keyText(key: ItemKey): string {
  return attributesText(key);
}

/** Attribute values (or requests holding them) as JSON text, binary values in base64 whether Buffer or Uint8Array: equal values give equal text. */
export function attributesText(value: unknown): string {
  const plain = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? Buffer.from(v).toString('base64')
      : Array.isArray(v)
        ? v.map(plain)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
          : v;
  return JSON.stringify(plain(value));
}

function keySchemaText(info: TableInfo): string {
  return [info.partitionKey, info.sortKey]
    .filter((k) => k !== null)
    .map((k) => `${k.name} (${k.type})`)
    .join(' + ');
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';
import { attributeType } from '../load/attribute-json';
import { itemSize } from '../plan/item-size';
import type { KeyAttribute, TableInfo } from '../plan/key-schema';

type Item = Record<string, AttributeValue>;

/** DynamoDB's largest item: 400 KB of attribute names and values. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** DynamoDB's longest key values, in bytes: a partition key's and a sort key's. */
const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;
/** DynamoDB's deepest nesting of lists and maps in an attribute. */
const MAX_DEPTH = 32;

/** What DynamoDB would refuse in an item, and the attribute it is about (null: the item as a whole). */
export interface ItemProblem {
  readonly attribute: string | null;
  readonly error: EngineError;
}

/**
 * What DynamoDB would refuse in an item a COPY writes — found before the first write, so that bad
 * input writes nothing (DynamoDB refuses a whole BatchWriteItem call and names no item in it): an
 * item over 400 KB, a key (of the table or of a secondary index holding the item) that is empty, too
 * long or of the wrong type, an empty attribute name, lists and maps nested over 32 levels. Null
 * when DynamoDB takes it.
 *   { id: { S: '' } }                                 → id: 22023 an empty string cannot be a key
 *   { id: { S: 'a' }, g: { N: '1' } }, GSI by_g on g S → g: 42804 "g" is N but index by_g's key is S
 *   an item of 409,601 bytes                          → null attribute: 54000 larger than 400 KB
 */
export function itemProblem(item: Item, info: TableInfo): ItemProblem | null {
  const keys: [KeyAttribute, number, string][] = [
    [info.partitionKey, MAX_PARTITION_KEY_BYTES, 'the table'],
    ...(info.sortKey
      ? [[info.sortKey, MAX_SORT_KEY_BYTES, 'the table'] as [KeyAttribute, number, string]]
      : []),
    ...info.indexes.flatMap((index) => [
      [index.partitionKey, MAX_PARTITION_KEY_BYTES, `index ${index.name}`] as [KeyAttribute, number, string],
      ...(index.sortKey
        ? [[index.sortKey, MAX_SORT_KEY_BYTES, `index ${index.name}`] as [KeyAttribute, number, string]]
        : []),
    ]),
  ];
  for (const [key, maxBytes, owner] of keys) {
    const v = item[key.name];
    // A missing table key is refused where the item is built (23502); an index holds items with its keys only.
    if (!v) continue;
    const problem = keyProblem(key, v, maxBytes, owner);
    if (problem) return { attribute: key.name, error: problem };
  }
  for (const [name, v] of Object.entries(item)) {
    if (name === '') {
      return {
        attribute: name,
        error: new EngineError(
          SqlState.invalidParameterValue,
          'an attribute name cannot be empty in DynamoDB',
        ),
      };
    }
    if (depth(v) > MAX_DEPTH) {
      return {
        attribute: name,
        error: new EngineError(
          SqlState.programLimitExceeded,
          `attribute "${name}" nests lists and maps deeper than DynamoDB allows (${MAX_DEPTH} levels)`,
        ),
      };
    }
  }
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) {
    return {
      attribute: null,
      error: new EngineError(
        SqlState.programLimitExceeded,
        `item of ${size} bytes is larger than DynamoDB allows (${MAX_ITEM_BYTES} bytes)`,
        { hint: 'DynamoDB items hold at most 400 KB of attribute names and values' },
      ),
    };
  }
  return null;
}

function keyProblem(
  key: KeyAttribute,
  v: AttributeValue,
  maxBytes: number,
  owner: string,
): EngineError | null {
  const type = attributeType(v);
  if (type !== key.type) {
    return new EngineError(
      SqlState.datatypeMismatch,
      `attribute "${key.name}" is written as DynamoDB ${type} but ${owner}'s key is ${key.type}`,
    );
  }
  const bytes = v.S !== undefined ? Buffer.byteLength(v.S) : v.B !== undefined ? v.B.byteLength : null;
  if (bytes === 0) {
    return new EngineError(
      SqlState.invalidParameterValue,
      `an empty ${type === 'S' ? 'string' : 'binary'} cannot be a key in DynamoDB ("${key.name}", a key of ${owner})`,
    );
  }
  if (bytes !== null && bytes > maxBytes) {
    return new EngineError(
      SqlState.programLimitExceeded,
      `key "${key.name}" of ${bytes} bytes is longer than DynamoDB allows (${maxBytes} bytes for ${maxBytes === MAX_SORT_KEY_BYTES ? 'a sort' : 'a partition'} key of ${owner})`,
    );
  }
  return null;
}

/** How deep lists and maps nest in a value: a scalar 0, `{ L: [] }` 1, `{ M: { a: { L: [] } } }` 2. */
function depth(v: AttributeValue): number {
  const inner = v.L ?? (v.M ? Object.values(v.M) : null);
  return inner ? 1 + inner.reduce((d, x) => Math.max(d, depth(x)), 0) : 0;
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';
import { attributeOf } from './column-attribute';
import { nativeJsonAttribute } from '../write/write-value';

/**
 * The catch-all column (spec §2 "Columns and the catch-all", §4 INSERT): the one answer to "which
 * column is the catch-all?" for load, write, bind and the catalog.
 *
 * - Reading: a json/jsonb column whose attribute is missing from an item reads every attribute no
 *   declared column covers (`leftoverAttributes`). Any such column may, so bind reads whole items for it.
 * - Writing: the table's catch-all (`catchAllColumn`) — the jsonb column named by the table option
 *   `catch_all`, else the one named `_attrs` — is spread into top-level attributes with native types,
 *   so it reads back as the same object. Every other jsonb column is an attribute of its own name.
 *
 *   create foreign table t (id text, doc jsonb, rest jsonb) server s options (table 't', catch_all 'rest')
 *   insert into t values ('a', '{"x": 1}', '{"n": 2}')  →  Item { id: S a, doc: S '{"x": 1}', n: N 2 }
 */

/** The catch-all's name when the table names none: the column IMPORT FOREIGN SCHEMA declares. */
export const DEFAULT_CATCH_ALL = '_attrs';

interface Column {
  readonly name: string;
  /** The base type's `typname`: `jsonb`, `text`, ... */
  readonly typname: string;
  /** The column option `attribute` (catalog/column-attribute.ts). */
  readonly attribute?: string;
}

interface Table<C extends Column> {
  readonly options: Readonly<Record<string, string>>;
  readonly columns: readonly C[];
}

/** Whether a column reads the leftover attributes of an item that has no attribute of its name. */
export function mayReadCatchAll(col: Pick<Column, 'typname'>): boolean {
  return col.typname === 'jsonb' || col.typname === 'json';
}

/**
 * The table's catch-all, or null: `catch_all 'rest'` → the jsonb column `rest`; no option → the jsonb
 * column `_attrs`, if declared. A `catch_all` naming no jsonb column names none (writes refuse it).
 */
export function catchAllColumn<C extends Column>(table: Table<C>): C | null {
  const name = table.options.catch_all ?? DEFAULT_CATCH_ALL;
  const col = table.columns.find((c) => c.name === name);
  return col?.typname === 'jsonb' ? col : null;
}

/** The catch-all a write spreads: `catchAllColumn`, or an error when `catch_all` names no jsonb column. */
export function catchAllToWrite<C extends Column>(table: Table<C>): C | null {
  const col = catchAllColumn(table);
  const named = table.options.catch_all;
  if (col || named === undefined) return col;
  const declared = table.columns.some((c) => c.name === named);
  throw new EngineError(
    declared ? SqlState.datatypeMismatch : SqlState.fdwError,
    `catch_all column "${named}" ${declared ? 'must be of type jsonb' : 'does not exist'}`,
    {
      hint: 'the table option catch_all names the jsonb column written as top-level attributes',
    },
  );
}

/**
 * Every attribute of an item not covered by a declared column (by the attribute each reads: a column
 * `customer options (attribute 'cid')` covers `cid`, not `customer`), or null when nothing is left.
 */
export function leftoverAttributes(
  item: Readonly<Record<string, AttributeValue>>,
  columns: readonly Pick<Column, 'name' | 'attribute'>[],
): Record<string, AttributeValue> | null {
  const declared = new Set(columns.map(attributeOf));
  let rest: Record<string, AttributeValue> | null = null;
  for (const [k, v] of Object.entries(item)) if (!declared.has(k)) (rest ??= {})[k] = v;
  return rest;
}

/**
 * The catch-all's JSON object text → the top-level attributes it is written as (numbers as a numeric
 * column writes them): `{"n": 2.50, "l": [1, "x"]}` → `{ n: { N: '2.5' }, l: { L: [{ N: '1' }, { S: 'x' }] } }`; SQL NULL → none.
 */
export function spreadCatchAll(
  col: Pick<Column, 'name'>,
  text: string | null,
): Record<string, AttributeValue> {
  if (text === null) return {};
  const v = nativeJsonAttribute(col, text);
  if (!v.M)
    throw new EngineError(
      SqlState.datatypeMismatch,
      `the catch-all column "${col.name}" must hold a JSON object to be written`,
    );
  return v.M;
}

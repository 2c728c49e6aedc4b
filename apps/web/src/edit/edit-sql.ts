import type { Cell } from '../api/wire';
import { quoteIdent } from '../sql/identifiers';
import type { EditColumn, EditTarget } from './edit-target';
import { sqlLiteral } from './sql-literal';

/** `a, b` for the result's columns: what each write returns, so the grid row is DynamoDB's. */
const returning = (t: EditTarget) => `returning ${t.columns.map((c) => quoteIdent(c.name)).join(', ')}`;

const eq = (c: EditColumn, value: Cell) => `${quoteIdent(c.name)} = ${sqlLiteral(value, c.type)}`;

/**
 * The target's key as it must be to write one item: every key column of the table (partition, then
 * sort) and nothing else, each in the result's columns, each cell of `rows` not NULL. An UPDATE or
 * DELETE whose WHERE lacked the sort key would change a whole partition: this throws instead.
 *   orders (customer_id partition, order_id sort), keyIndexes [0] → Error
 */
function checkedKeys(t: EditTarget, rows: readonly (readonly Cell[])[]): readonly number[] {
  const keys = t.tableColumns.filter((c) => c.keyRole);
  const named = t.keyIndexes.map((i) => t.columns[i]);
  const full =
    keys.length > 0 &&
    named.length === keys.length &&
    named[0]?.keyRole === 'partition' &&
    keys.every((k) => named.some((c) => c?.name === k.name && c.keyRole === k.keyRole));
  if (!full)
    throw new Error(
      `The edit was not made: ${t.relation}'s full key (${keys.map((k) => k.name).join(', ') || 'unknown'}) is not in the result`,
    );
  if (rows.some((r) => t.keyIndexes.some((i) => (r[i] ?? null) === null)))
    throw new Error(`The edit was not made: a row of ${t.relation} has no key value`);
  return t.keyIndexes;
}

/** `user_id = 'u1'` / `device_id = 7 and ts = 1700000000` for a row of the result: its full key. */
function keyCondition(t: EditTarget, row: readonly Cell[]): string {
  return checkedKeys(t, [row])
    .map((i) => eq(t.columns[i]!, row[i] ?? null))
    .join(' and ');
}

/**
 * One cell's new value as the UPDATE of its item by its full key (UpdateItem after a GetItem):
 *   users row u0439, name := O'Hara →
 *   update public.users set name = 'O''Hara' where user_id = 'u0439' returning user_id, name, ...
 */
export function updateCellSql(t: EditTarget, row: readonly Cell[], column: number, value: Cell): string {
  return `update ${t.table} set ${eq(t.columns[column]!, value)} where ${keyCondition(t, row)} ${returning(t)};`;
}

/**
 * Cells of several rows (a paste) as one UPDATE per item, each setting that row's changed columns:
 *   u1 name := Ada, age := 36; u2 name := Bob →
 *   update public.users set name = 'Ada', age = 36 where user_id = 'u1' returning user_id, name, age;
 *   update public.users set name = 'Bob' where user_id = 'u2' returning user_id, name, age;
 */
export function updateCellsSql(
  t: EditTarget,
  rows: readonly (readonly Cell[])[],
  cells: readonly { readonly at: number; readonly column: number; readonly value: Cell }[],
): string {
  const byRow = new Map<number, string[]>();
  for (const c of cells) byRow.set(c.at, [...(byRow.get(c.at) ?? []), eq(t.columns[c.column]!, c.value)]);
  return [...byRow]
    .map(
      ([at, sets]) =>
        `update ${t.table} set ${sets.join(', ')} where ${keyCondition(t, rows[at] ?? [])} ${returning(t)};`,
    )
    .join('\n');
}

/**
 * A new row as an INSERT (PutItem; it replaces an item with the same key, which the preview counts).
 * Columns left SQL NULL are not named (DynamoDB gets no attribute for them):
 *   insert into public.users (user_id, name) values ('u9000', 'Ada') returning user_id, name, ...
 */
export function insertRowSql(t: EditTarget, values: ReadonlyMap<string, Cell>): string {
  const set = t.tableColumns.filter((c) => (values.get(c.name) ?? null) !== null);
  const names = set.map((c) => quoteIdent(c.name)).join(', ');
  const literals = set.map((c) => sqlLiteral(values.get(c.name) ?? null, c.type)).join(', ');
  return `insert into ${t.table} (${names}) values (${literals}) ${returning(t)};`;
}

/**
 * Rows deleted by key. A table with a partition key only: one DELETE with `in` (BatchGetItem finds
 * them); with a sort key: one DELETE per partition (a Query, or a GetItem for a single item):
 *   delete from public.users where user_id in ('u1', 'u2');
 *   delete from public.events where device_id = 7 and ts in (1, 2);
 */
export function deleteRowsSql(t: EditTarget, rows: readonly (readonly Cell[])[]): string {
  const [pi, si] = checkedKeys(t, rows) as [number, number | undefined];
  const pk = t.columns[pi]!;
  const lit = (c: EditColumn, v: Cell | undefined) => sqlLiteral(v ?? null, c.type);
  const inList = (c: EditColumn, vs: readonly string[]) =>
    vs.length === 1 ? `${quoteIdent(c.name)} = ${vs[0]}` : `${quoteIdent(c.name)} in (${vs.join(', ')})`;
  const unique = (vs: string[]) => [...new Set(vs)];
  if (si === undefined)
    return `delete from ${t.table} where ${inList(pk, unique(rows.map((r) => lit(pk, r[pi]))))};`;
  const sk = t.columns[si]!;
  const byPartition = new Map<string, string[]>();
  for (const r of rows) {
    const p = lit(pk, r[pi]);
    byPartition.set(p, [...(byPartition.get(p) ?? []), lit(sk, r[si])]);
  }
  return [...byPartition]
    .map(
      ([p, sorts]) =>
        `delete from ${t.table} where ${quoteIdent(pk.name)} = ${p} and ${inList(sk, unique(sorts))};`,
    )
    .join('\n');
}

import type { ColumnDef } from '../catalog/foreign-table';
import type { Host } from '../host/host';
import { jsonRowsSelect } from '../load/json-rows-sql';
import { quoteIdent, quoteLiteral } from '../parse/ast';

/**
 * Where a read stages its items inside a read-only transaction, where Postgres refuses the CREATE
 * TABLE of a temp table of the foreign table's columns (25006) but lets rows be written to a temp
 * table that exists: one table of JSON batches, made before the session's first transaction block,
 * each batch under the name its read's temp table would have had. The statement reads them as the
 * foreign table's row type (the foreign table's own columns, types and collations):
 *   begin read only; select * from ft where v + 0 = 2
 *   → insert into pg_temp.__ds_rows (name, rows) values ('__ds_a1', $1::jsonb)   -- each page
 *   → select * from (with "__ds_a1" as materialized (select r.* from pg_temp.__ds_rows b
 *        cross join lateral (select "id", "v" from jsonb_populate_recordset(null::"public"."ft", b.rows)) r
 *        where b.name = '__ds_a1') select * from "__ds_a1") AS "ft" where v + 0 = 2
 */
export const STAGED_ROWS_TABLE = '__ds_rows';

/** The table, qualified. */
export const stagedRowsTable = `pg_temp.${STAGED_ROWS_TABLE}`;
const TABLE = stagedRowsTable;

/**
 * Makes the table when the session has none: in a block of its own, read-write whatever
 * default_transaction_read_only says (a read-only transaction refuses CREATE TABLE). Only outside a
 * transaction block.
 */
export async function ensureStagedRowsTable(host: Host): Promise<void> {
  const r = await host.query(`select pg_catalog.to_regclass(${quoteLiteral(TABLE)}) is not null`);
  if (r.rows[0]?.[0] === 't') return;
  await host.exec(
    `begin read write; create temp table ${TABLE} (name text not null, rows jsonb not null); commit`,
  );
}

/**
 * The statement that stages one batch of rows (`$1`, load/coerce.ts itemsToRowsJson's JSON array):
 * as one row, or with `oneByOne` (a sampled read: plan/statement/staged-sample.ts) a row for each,
 * `[item]`.
 */
export function stageRowsSql(name: string, replace: boolean, oneByOne = false): string {
  const insert = oneByOne
    ? `insert into ${TABLE} (name, rows) select ${quoteLiteral(name)}, pg_catalog.jsonb_build_array(e) from pg_catalog.jsonb_array_elements($1::jsonb) e`
    : `insert into ${TABLE} (name, rows) values (${quoteLiteral(name)}, $1::jsonb)`;
  return replace ? `with emptied as (${deleteStagedSql([name])}) ${insert}` : insert;
}

/** Empties the table (nothing vacuums a temp table: its dead rows would slow every read of it). */
export function truncateStagedSql(): string {
  return `truncate ${TABLE}`;
}

/** Deletes the rows staged under these names. */
export function deleteStagedSql(names: readonly string[]): string {
  return `delete from ${TABLE} where name in (${names.map(quoteLiteral).join(', ')})`;
}

/**
 * The rows staged under `name` as a relation (a subquery, to be aliased), each read as the foreign
 * table's row type `rowType` as a load reads it (load/json-rows-sql.ts), once per statement: a
 * MATERIALIZED WITH keeps them for every rescan of the subquery (a correlated subquery, a LATERAL
 * one, a nested loop's inner side), where the plain subquery parsed the JSON batches again on each
 * (test/integration/read-only-reads.test.ts counts the scans of __ds_rows):
 *   (with "__ds_a1" as materialized (select r.* from pg_temp.__ds_rows b cross join lateral
 *     (select "id", "v" from jsonb_populate_recordset(null::"public"."ft", b.rows)) r
 *     where b.name = '__ds_a1') select * from "__ds_a1")
 * `sample`, a TABLESAMPLE clause the staged rows' table is read with (plan/statement/staged-sample.ts),
 * drawn once too, as the host's rescan of a sample keeps its seed, REPEATABLE or not.
 */
export function stagedRelationSql(
  name: string,
  rowType: string,
  columns: readonly ColumnDef[],
  sample?: string,
): string {
  const rows = jsonRowsSelect(
    rowType,
    columns,
    columns.some((c) => c.typname === 'jsonb'),
    'b.rows',
  );
  const staged = `select r.* from ${TABLE} b${sample ? ` ${sample}` : ''} cross join lateral (${rows}) r where b.name = ${quoteLiteral(name)}`;
  return `(with ${quoteIdent(name)} as materialized (${staged}) select * from ${quoteIdent(name)})`;
}

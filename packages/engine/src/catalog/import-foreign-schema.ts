import type { ImportForeignSchemaStmt } from '@pgsql/types';
import { DEFAULT_CATCH_ALL } from './catch-all';
import { loadServer } from './foreign-table';
import { listTables } from '../dynamo/list-tables';
import { describeTable } from '../dynamo/describe-table';
import { EngineError, SqlState } from '../errors';
import { as, quoteIdent, quoteLiteral } from '../parse/ast';
import type { KeyAttribute } from '../plan/key-schema';
import type { StatementContext } from '../run/context';

const KEY_TYPES: Record<KeyAttribute['type'], string> = { S: 'text', N: 'numeric', B: 'bytea' };

/** `Order-Items.v2` → `Order_Items_v2`: characters outside [A-Za-z0-9_] become `_`. */
export function localTableName(dynamoName: string): string {
  return dynamoName.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Postgres keeps 63 bytes of an identifier (NAMEDATALEN - 1) and drops the rest. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * A key attribute's column: its own name when that is a whole identifier of `[A-Za-z0-9_]` (quoted,
 * so `userId` stays `userId`), else the name with every other character replaced by `_` (as for table
 * names) and cut to 63 bytes, the column mapped to the attribute by the option `attribute`:
 *   `userId` → `"userId"`;  `Order-Id` → `"Order_Id" options (attribute 'Order-Id')`
 */
export function importedColumn(
  attribute: string,
  taken: readonly string[] = [],
): { name: string; attribute?: string } {
  let name = localTableName(attribute);
  while (Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) name = name.slice(0, -1);
  const base = name;
  for (let n = 2; taken.includes(name); n++)
    name = `${base.slice(0, MAX_IDENTIFIER_BYTES - 1 - String(n).length)}_${n}`;
  return name === attribute ? { name } : { name, attribute };
}

/** The CREATE FOREIGN TABLE for one DynamoDB table, every identifier quoted. */
export function importedTableSql(
  schema: string,
  server: string,
  table: string,
  pk: KeyAttribute,
  sk: KeyAttribute | null,
): string {
  const pkCol = importedColumn(pk.name, [DEFAULT_CATCH_ALL]);
  const skCol = sk && importedColumn(sk.name, [DEFAULT_CATCH_ALL, pkCol.name]);
  const column = (c: { name: string; attribute?: string }, type: string) =>
    `${quoteIdent(c.name)} ${type}${c.attribute !== undefined ? ` options (attribute ${quoteLiteral(c.attribute)})` : ''}`;
  const cols = [
    `${column(pkCol, KEY_TYPES[pk.type])} not null`,
    ...(sk && skCol ? [column(skCol, KEY_TYPES[sk.type])] : []),
    `${quoteIdent(DEFAULT_CATCH_ALL)} jsonb`,
  ];
  return (
    `create foreign table ${quoteIdent(schema)}.${quoteIdent(localTableName(table))} (${cols.join(', ')}) ` +
    `server ${quoteIdent(server)} options (table ${quoteLiteral(table)}, rowid_column ${quoteLiteral(pkCol.name)})`
  );
}

/**
 * IMPORT FOREIGN SCHEMA (spec §1): one foreign table per DynamoDB table (ListTables, all pages);
 * LIMIT TO / EXCEPT match the DynamoDB or the local name; existing tables and tables that cannot be
 * described are skipped with a NOTICE, so one bad table never breaks the rest.
 */
export async function importForeignSchema(
  ctx: StatementContext,
  stmt: ImportForeignSchemaStmt,
): Promise<number> {
  const serverName = stmt.server_name ?? '';
  const schema = stmt.local_schema ?? '';
  const server = await loadServer(ctx.host, serverName);
  if (!server) throw new EngineError('42704', `server "${serverName}" does not exist`);
  const ns = await ctx.host.query('select 1 from pg_namespace where nspname = $1', [schema]);
  if (!ns.rows.length) throw new EngineError('3F000', `schema "${schema}" does not exist`);
  const listed = (stmt.table_list ?? []).map((t) => as(t, 'RangeVar')?.relname ?? '');
  const matches = (name: string) => listed.includes(name) || listed.includes(localTableName(name));
  const client = await ctx.clients.clientFor(server);
  const names = await listTables(client, ctx.signal);
  let created = 0;
  for (const table of names) {
    if (stmt.list_type === 'FDW_IMPORT_SCHEMA_LIMIT_TO' && !matches(table)) continue;
    if (stmt.list_type === 'FDW_IMPORT_SCHEMA_EXCEPT' && matches(table)) continue;
    const local = localTableName(table);
    const exists = await ctx.host.query('select to_regclass($1) is not null', [
      `${quoteIdent(schema)}.${quoteIdent(local)}`,
    ]);
    if (exists.rows[0]![0] === 't') {
      ctx.notices.push(`relation "${schema}.${local}" already exists, skipping`);
      continue;
    }
    try {
      const info = await describeTable(client, table, ctx.signal);
      await ctx.host.query(importedTableSql(schema, serverName, table, info.partitionKey, info.sortKey));
      created++;
    } catch (e) {
      if ((e as EngineError).sqlstate === SqlState.queryCanceled) throw e;
      ctx.notices.push(`table "${table}" skipped: ${(e as Error).message}`);
    }
  }
  return created;
}

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

/** The CREATE FOREIGN TABLE for one DynamoDB table, every identifier quoted. */
export function importedTableSql(
  schema: string,
  server: string,
  table: string,
  pk: KeyAttribute,
  sk: KeyAttribute | null,
): string {
  const cols = [
    `${quoteIdent(pk.name)} ${KEY_TYPES[pk.type]} not null`,
    ...(sk ? [`${quoteIdent(sk.name)} ${KEY_TYPES[sk.type]}`] : []),
    `${quoteIdent(DEFAULT_CATCH_ALL)} jsonb`,
  ];
  return (
    `create foreign table ${quoteIdent(schema)}.${quoteIdent(localTableName(table))} (${cols.join(', ')}) ` +
    `server ${quoteIdent(server)} options (table ${quoteLiteral(table)}, rowid_column ${quoteLiteral(pk.name)})`
  );
}

/**
 * IMPORT FOREIGN SCHEMA (spec §1): one foreign table per DynamoDB table (ListTables, all pages);
 * LIMIT TO / EXCEPT match the DynamoDB or the local name; existing tables and tables that cannot be
 * described are skipped with a NOTICE, so one bad table never breaks the rest.
 */
export async function importForeignSchema(
  ctx: StatementContext,
  fields: Record<string, unknown>,
): Promise<number> {
  const serverName = String(fields.server_name);
  const schema = String(fields.local_schema);
  const server = await loadServer(ctx.host, serverName);
  if (!server) throw new EngineError('42704', `server "${serverName}" does not exist`);
  const ns = await ctx.host.query('select 1 from pg_namespace where nspname = $1', [schema]);
  if (!ns.rows.length) throw new EngineError('3F000', `schema "${schema}" does not exist`);
  const listed = Array.isArray(fields.table_list)
    ? fields.table_list.map((t) => as<{ relname: string }>(t, 'RangeVar')!.relname)
    : [];
  const matches = (name: string) => listed.includes(name) || listed.includes(localTableName(name));
  const client = await ctx.clients.clientFor(server);
  const names = await listTables(client, ctx.signal);
  let created = 0;
  for (const table of names) {
    if (fields.list_type === 'FDW_IMPORT_SCHEMA_LIMIT_TO' && !matches(table)) continue;
    if (fields.list_type === 'FDW_IMPORT_SCHEMA_EXCEPT' && matches(table)) continue;
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

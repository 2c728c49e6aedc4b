import type { CreateTableAsStmt, DropStmt, RefreshMatViewStmt } from '@pgsql/types';
import { quotedName } from '../bind/range-vars';
import { applySplices } from '../bind/splice';
import { EngineError, SqlState } from '../errors';
import type { Host } from '../host/host';
import { as, names, quoteIdent } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import { innerQuery } from '../bind/statement-text';

/**
 * Materialized views over foreign tables. Postgres's own would re-read the foreign table at REFRESH,
 * where the engine cannot rewrite it, so the engine keeps one as a table that holds its rows plus its
 * query (in `dynascope.materialized_views`, out of user SQL's reach), and REFRESH runs the query again:
 *   create materialized view open_orders as select * from orders where status = 'open'
 *   → create table open_orders as select ... (read through the engine); the query is kept
 *   refresh materialized view open_orders
 *   → truncate open_orders; insert into open_orders select * from orders where status = 'open' (one transaction)
 * It reads and refreshes like a materialized view; the catalog shows a table (pg_matviews does not list it).
 */
export const MATERIALIZED_VIEWS_DDL = `
create table if not exists dynascope.materialized_views (
  relid oid primary key,
  definition text not null
);`;

/** Runs one statement through the engine (the caller's runStatement): its affected row count. */
export type RunSql = (sql: string) => Promise<number | undefined>;

/** `create materialized view v as q` → `create table v as q`, run by the engine; q kept for REFRESH. */
export async function createMaterializedView(
  host: Host,
  text: string,
  stmt: CreateTableAsStmt,
  run: RunSql,
): Promise<number | undefined> {
  const tokens = scanTokens(text);
  const at = tokens.findIndex(
    (t, i) => /^materialized$/i.test(t.text) && /^view$/i.test(tokens[i + 1]?.text ?? ''),
  );
  if (at < 0) throw new EngineError(SqlState.syntaxError, 'expected CREATE MATERIALIZED VIEW');
  const asTable = applySplices(text, [
    { start: tokens[at]!.start, end: tokens[at + 1]!.end, replacement: 'table' },
  ]).text;
  const definition = materializedViewQuery(text);
  return host.transaction(async () => {
    const written = await run(asTable);
    const relid = await host.query('select to_regclass($1)::oid::int', [quotedName(stmt.into?.rel ?? {})]);
    await host.asOwner(() =>
      host.query('insert into dynascope.materialized_views (relid, definition) values ($1, $2)', [
        relid.rows[0]![0],
        definition,
      ]),
    );
    return written;
  });
}

/** The query of `CREATE MATERIALIZED VIEW v [(cols)] AS <query> [WITH [NO] DATA]`. */
export function materializedViewQuery(text: string): string {
  return innerQuery(text, 'as')
    .text.replace(/\s+with\s+(no\s+)?data\s*;?\s*$/i, '')
    .replace(/;\s*$/, '');
}

/** REFRESH of a materialized view the engine keeps: false for the host's own. */
export async function refreshMaterializedView(
  host: Host,
  stmt: RefreshMatViewStmt,
  run: RunSql,
): Promise<boolean> {
  const rel = stmt.relation ?? {};
  const definition = await definitionOf(host, quotedName(rel));
  if (definition === null) return false;
  if (stmt.concurrent)
    throw new EngineError(
      SqlState.featureNotSupported,
      'REFRESH MATERIALIZED VIEW CONCURRENTLY is not supported for a view over foreign tables',
      { hint: 'refresh it without CONCURRENTLY: readers wait for the refresh' },
    );
  await host.transaction(async () => {
    await host.query(`truncate ${quotedName(rel)}`);
    if (!stmt.skipData) await run(`insert into ${quotedName(rel)} ${definition}`);
  });
  return true;
}

/** DROP MATERIALIZED VIEW: the ones the engine keeps are dropped (with their query); the rest, if any, are the host's. */
export async function dropMaterializedViews(host: Host, stmt: DropStmt): Promise<string[]> {
  const hosts: string[] = [];
  for (const o of stmt.objects ?? []) {
    const parts = names(as(o, 'List')?.items);
    const name = parts.map(quoteIdent).join('.');
    if ((await definitionOf(host, name)) === null) {
      hosts.push(name);
      continue;
    }
    await host.transaction(async () => {
      const relid = (await host.query('select to_regclass($1)::oid::int', [name])).rows[0]![0];
      await host.query(`drop table ${name}${stmt.behavior === 'DROP_CASCADE' ? ' cascade' : ''}`);
      await host.asOwner(() =>
        host.query('delete from dynascope.materialized_views where relid = $1', [relid]),
      );
    });
  }
  return hosts;
}

async function definitionOf(host: Host, name: string): Promise<string | null> {
  const relid = (await host.query('select to_regclass($1)::oid::int', [name])).rows[0]?.[0];
  if (!relid) return null;
  const r = await host.asOwner(() =>
    host.query('select definition from dynascope.materialized_views where relid = $1', [relid]),
  );
  return r.rows[0]?.[0] ?? null;
}

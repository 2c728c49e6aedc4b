import type { DdlTarget } from '@dynascope/contract';
import { EngineError, SqlState } from '../errors';
import type { Host } from '../host/host';
import { quoteIdent, quoteLiteral } from '../parse/ast';
import { optionsFromJoined } from './foreign-table';
import { MASK, PLAIN_SECRET_OPTIONS } from './options';

/**
 * The SQL that creates a catalog object as pg_catalog holds it — what `GET /api/ddl` shows and a
 * fresh engine can run to get the same catalog. Identifiers are quoted as Postgres's quote_ident
 * does; plain credentials (kept in the vault, `********` in the catalog) show as `'<in the vault>'`,
 * named in a comment.
 *
 * server `s` → `create server s foreign data wrapper dynamodb_wrapper options (region 'eu-west-1');`
 * table `public.users` → `create foreign table public.users (\n  user_id text not null,\n  name
 * text options (attribute 'full_name')\n) server s options (table 'users', rowid_column 'user_id');`
 * schema `app` → `create schema if not exists app;` and then each foreign table in it (a comment
 * counts its other tables and views).
 */
export async function catalogDdl(host: Host, target: DdlTarget): Promise<string> {
  switch (target.kind) {
    case 'server':
      return serverDdl(host, target.name);
    case 'table':
      return foreignTableDdl(host, await relationOid(host, target.schema, target.name));
    case 'schema':
      return schemaDdl(host, target.name);
  }
}

async function serverDdl(host: Host, name: string): Promise<string> {
  const r = await host.query(
    `select quote_ident(s.srvname), quote_ident(w.fdwname), s.srvtype, s.srvversion, array_to_string(s.srvoptions, chr(1))
       from pg_foreign_server s join pg_foreign_data_wrapper w on w.oid = s.srvfdw where s.srvname = $1`,
    [name],
  );
  const row = r.rows[0];
  if (!row) throw new EngineError(SqlState.undefinedObject, `server "${name}" does not exist`);
  const [server, wrapper, type, version, joined] = row;
  // A vaulted credential keeps its place with a placeholder: the DDL still runs (it stores the
  // placeholder), and says what to put there.
  const options = Object.entries(optionsFromJoined(joined ?? null)).map(([k, v]): [string, string] =>
    isVaulted(k, v) ? [k, VAULTED] : [k, v],
  );
  const hidden = options.filter(([, v]) => v === VAULTED).map(([k]) => k);
  return [
    ...(hidden.length
      ? [
          `-- ${hidden.join(', ')}: kept in Dynascope's vault, not shown; put yours in place of ${quoteLiteral(VAULTED)}`,
        ]
      : []),
    `create server ${server}${type != null ? ` type ${quoteLiteral(type)}` : ''}${
      version != null ? ` version ${quoteLiteral(version)}` : ''
    } foreign data wrapper ${wrapper}${optionsClause(options, '\n  ', '\n')};`,
  ].join('\n');
}

/** What the DDL shows in place of a credential the vault keeps. */
const VAULTED = '<in the vault>';

function isVaulted(name: string, value: string): boolean {
  return (PLAIN_SECRET_OPTIONS as readonly string[]).includes(name) && value === MASK;
}

async function relationOid(host: Host, schema: string, name: string): Promise<number> {
  const r = await host.query(
    `select c.oid::int from pg_foreign_table ft join pg_class c on c.oid = ft.ftrelid
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`,
    [schema, name],
  );
  if (!r.rows.length)
    throw new EngineError(SqlState.undefinedTable, `foreign table "${schema}.${name}" does not exist`);
  return Number(r.rows[0]![0]);
}

async function foreignTableDdl(host: Host, oid: number): Promise<string> {
  const head = await host.query(
    `select quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(s.srvname),
            array_to_string(ft.ftoptions, chr(1))
       from pg_foreign_table ft join pg_class c on c.oid = ft.ftrelid
       join pg_namespace n on n.oid = c.relnamespace join pg_foreign_server s on s.oid = ft.ftserver
      where ft.ftrelid = $1`,
    [oid],
  );
  const [name, server, options] = head.rows[0]!;
  // The collation only where it is not the type's own; defaults as Postgres prints them.
  const cols = await host.query(
    `select quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), array_to_string(a.attfdwoptions, chr(1)),
            case when a.attcollation <> t.typcollation then quote_ident(co.collname) end,
            pg_get_expr(d.adbin, d.adrelid), a.attnotnull
       from pg_attribute a
       join pg_type t on t.oid = a.atttypid
       left join pg_collation co on co.oid = a.attcollation
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [oid],
  );
  const columns = cols.rows.map(
    ([col, type, opts, collation, dflt, notNull]) =>
      `  ${col} ${type}${optionsClause(Object.entries(optionsFromJoined(opts ?? null)))}${
        collation ? ` collate ${collation}` : ''
      }${dflt !== null ? ` default ${dflt}` : ''}${notNull === 't' ? ' not null' : ''}`,
  );
  return `create foreign table ${name} (\n${columns.join(',\n')}\n) server ${server}${optionsClause(
    Object.entries(optionsFromJoined(options ?? null)),
  )};`;
}

async function schemaDdl(host: Host, schema: string): Promise<string> {
  const r = await host.query(
    `select quote_ident(n.nspname), array(
              select c.oid::int from pg_foreign_table ft join pg_class c on c.oid = ft.ftrelid
               where c.relnamespace = n.oid order by c.relname)::text,
            (select count(*) from pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p', 'v', 'm'))::int
       from pg_namespace n where n.nspname = $1`,
    [schema],
  );
  const row = r.rows[0];
  if (!row) throw new EngineError(SqlState.invalidSchemaName, `schema "${schema}" does not exist`);
  const oids = row[1]!.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  const others = Number(row[2]);
  const tables: string[] = [];
  for (const oid of oids) tables.push(await foreignTableDdl(host, oid));
  return [
    `create schema if not exists ${row[0]};${
      others
        ? `\n-- and ${others} table${others === 1 ? '' : 's'} or view${others === 1 ? '' : 's'} not shown (only foreign tables are)`
        : ''
    }`,
    ...tables,
  ].join('\n\n');
}

/**
 * ` options (table 'users', rowid_column 'user_id')`, or nothing; option names are labels
 * (keywords such as `table` need no quotes), quoted only when not plain lower-case words.
 */
function optionsClause(options: readonly [string, string][], sep = ' ', end = ''): string {
  if (!options.length) return '';
  const items = options.map(
    ([k, v]) => `${/^[a-z_][a-z0-9_]*$/.test(k) ? k : quoteIdent(k)} ${quoteLiteral(v)}`,
  );
  return ` options (${sep === ' ' ? '' : sep}${items.join(`,${sep}`)}${end})`;
}

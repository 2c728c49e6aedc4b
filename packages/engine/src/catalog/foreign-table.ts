import { EngineError, SqlState } from '../errors';
import type { Host } from '../host/host';

export interface ColumnDef {
  readonly name: string;
  /** `format_type(atttypid, atttypmod)`: `numeric(10,2)`, `timestamp with time zone`. */
  readonly type: string;
  /** The base type's `typname`: `numeric`, `timestamptz`, `_text` for text[]. */
  readonly typname: string;
  /** For array columns, the element's `typname`. */
  readonly elementTypname: string | null;
  readonly typmod: number;
  readonly notNull: boolean;
  /** The column's collation name, null for non-collatable types. */
  readonly collation: string | null;
  /**
   * The DynamoDB attribute it reads and writes when that is not its name (the column option
   * `attribute`): `customer text options (attribute 'cid')` → the attribute `cid`. See attributeOf.
   */
  readonly attribute?: string;
}

export interface ServerDef {
  readonly oid: number;
  readonly name: string;
  readonly options: Readonly<Record<string, string>>;
}

export interface ForeignTableDef {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly server: ServerDef;
  readonly options: Readonly<Record<string, string>>;
  readonly columns: readonly ColumnDef[];
}

/** `"dynamodb"."orders"` */
export function qualifiedName(t: { schema: string; name: string }): string {
  return `${t.schema}.${t.name}`;
}

export async function loadServer(host: Host, name: string): Promise<ServerDef | undefined> {
  const r = await host.query(`${SERVERS_SQL} where srvname = $1`, [name]);
  const row = r.rows[0];
  return row ? serverOf(row) : undefined;
}

/** Every server, by oid. */
export async function loadServers(host: Host): Promise<ServerDef[]> {
  return (await host.query(`${SERVERS_SQL} order by oid`)).rows.map(serverOf);
}

const SERVERS_SQL =
  'select oid::int, srvname, array_to_string(srvoptions, chr(1)) from pg_catalog.pg_foreign_server';

const serverOf = (row: readonly (string | null)[]): ServerDef => ({
  oid: Number(row[0]),
  name: row[1]!,
  options: optionsFromJoined(row[2] ?? null),
});

/** A server by name, or Postgres's `server "x" does not exist` (42704). */
export async function requireServer(host: Host, name: string, position?: number): Promise<ServerDef> {
  const server = await loadServer(host, name);
  if (!server)
    throw new EngineError(SqlState.undefinedObject, `server "${name}" does not exist`, { position });
  return server;
}

/** Reads a foreign table's definition from pg_catalog. */
export async function loadForeignTable(host: Host, oid: number): Promise<ForeignTableDef> {
  const head = await host.query(
    `select n.nspname, c.relname, s.oid::int, s.srvname,
            array_to_string(s.srvoptions, chr(1)), array_to_string(ft.ftoptions, chr(1))
       from pg_foreign_table ft
       join pg_class c on c.oid = ft.ftrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_foreign_server s on s.oid = ft.ftserver
      where ft.ftrelid = $1`,
    [oid],
  );
  const h = head.rows[0]!;
  const cols = await host.query(
    `select a.attname, format_type(a.atttypid, a.atttypmod), bt.typname, et.typname, a.atttypmod, a.attnotnull, co.collname,
            array_to_string(a.attfdwoptions, chr(1))
       from pg_attribute a
       join pg_type t on t.oid = a.atttypid
       join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
       left join pg_type el on el.oid = bt.typelem and bt.typcategory = 'A'
       left join pg_type et on et.oid = case when el.typtype = 'd' then el.typbasetype else el.oid end
       left join pg_collation co on co.oid = a.attcollation
      where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [oid],
  );
  return {
    oid,
    schema: h[0]!,
    name: h[1]!,
    server: { oid: Number(h[2]), name: h[3]!, options: optionsFromJoined(h[4] ?? null) },
    options: optionsFromJoined(h[5] ?? null),
    columns: cols.rows.map((c) => {
      const attribute = optionsFromJoined(c[7] ?? null).attribute;
      return {
        name: c[0]!,
        type: c[1]!,
        typname: c[2]!,
        elementTypname: c[3] ?? null,
        typmod: Number(c[4]),
        notNull: c[5] === 't',
        collation: c[6] ?? null,
        ...(attribute !== undefined && attribute !== c[0] && { attribute }),
      };
    }),
  };
}

/** Options joined with chr(1) (unambiguous, unlike the text[] literal) → a record. */
export function optionsFromJoined(joined: string | null): Record<string, string> {
  if (!joined) return {};
  return Object.fromEntries(
    joined.split('\u0001').map((item) => {
      const eq = item.indexOf('=');
      return [item.slice(0, eq), item.slice(eq + 1)];
    }),
  );
}

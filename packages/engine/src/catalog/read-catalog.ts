import type { Host } from '../host/host';
import type { TableInfo } from '../plan/key-schema';
import type { CatalogSnapshot, CatalogTable, KeyRole } from '../types';
import { catchAllColumn } from './catch-all';
import { attributeOf } from './column-attribute';
import { optionsFromJoined } from './foreign-table';
import { tableKey } from '../dynamo/governor/table-limits';
import { MASK, PLAIN_SECRET_OPTIONS } from './options';

const HIDDEN_SCHEMAS = "('pg_catalog', 'information_schema', 'dynascope', 'pg_toast')";

/**
 * The catalog for autocomplete, the schema tree and the grid's edits. Key roles come from the last
 * DescribeTable the engine saw for the table (`lastDescribed`, by tableKey: the server's endpoint,
 * region and role + the table: `keysDescribed: true`), else from `rowid_column` (`keysDescribed:
 * false`: the partition key only; after a restart, `orders (customer_id, order_id)` shows
 * customer_id as its key until a statement over it describes the table).
 */
export async function readCatalog(
  host: Host,
  lastDescribed: (key: string) => TableInfo | undefined,
): Promise<CatalogSnapshot> {
  const schemas = await host.query(
    `select nspname from pg_namespace where nspname not in ${HIDDEN_SCHEMAS} and nspname not like 'pg_temp%' and nspname not like 'pg_toast%' order by 1`,
  );
  const servers = await host.query(
    `select s.srvname, w.fdwname, array_to_string(s.srvoptions, chr(1)) from pg_foreign_server s join pg_foreign_data_wrapper w on w.oid = s.srvfdw order by 1`,
  );
  const rels = await host.query(
    `select c.oid::int, n.nspname, c.relname, c.relkind::text, s.srvname, array_to_string(s.srvoptions, chr(1)), array_to_string(ft.ftoptions, chr(1))
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_foreign_table ft on ft.ftrelid = c.oid
       left join pg_foreign_server s on s.oid = ft.ftserver
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ${HIDDEN_SCHEMAS} and n.nspname not like 'pg_temp%'
      order by 2, 3`,
  );
  const cols = await host.query(
    `select a.attrelid::int, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, bt.typname,
            (select substr(o, 11) from unnest(a.attfdwoptions) o where o like 'attribute=%' limit 1)
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       join pg_type bt on bt.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped
        and n.nspname not in ${HIDDEN_SCHEMAS} and n.nspname not like 'pg_temp%'
      order by a.attrelid, a.attnum`,
  );
  const byRel = new Map<
    number,
    { name: string; type: string; notNull: boolean; typname: string; attribute?: string }[]
  >();
  for (const [oid, name, type, notNull, typname, attribute] of cols.rows) {
    const list = byRel.get(Number(oid)) ?? [];
    list.push({
      name: name!,
      type: type!,
      notNull: notNull === 't',
      typname: typname!,
      ...(attribute && attribute !== name && { attribute }),
    });
    byRel.set(Number(oid), list);
  }
  const tables: CatalogTable[] = rels.rows.map(
    ([oid, schema, name, relkind, server, srvoptions, ftoptions]) => {
      const options = optionsFromJoined(ftoptions ?? null);
      const info =
        server && options.table
          ? lastDescribed(
              tableKey({ name: server, options: optionsFromJoined(srvoptions ?? null) }, options.table),
            )
          : undefined;
      // Key roles are the attributes' (a column option `attribute` maps a column to one);
      // rowid_column names the key column (or its attribute).
      const roleOf = (c: { name: string; attribute?: string }): KeyRole => {
        const attribute = attributeOf(c);
        if (info)
          return info.partitionKey.name === attribute
            ? 'partition'
            : info.sortKey?.name === attribute
              ? 'sort'
              : null;
        return options.rowid_column === c.name || options.rowid_column === attribute ? 'partition' : null;
      };
      const declared = byRel.get(Number(oid)) ?? [];
      const catchAll = relkind === 'f' ? catchAllColumn({ options, columns: declared })?.name : undefined;
      const columns = declared.map(({ typname: _, ...c }) => ({
        ...c,
        keyRole: relkind === 'f' ? roleOf(c) : null,
        catchAll: c.name === catchAll,
      }));
      return {
        schema: schema!,
        name: name!,
        kind: relkind === 'f' ? 'foreign' : relkind === 'v' || relkind === 'm' ? 'view' : 'table',
        server: server ?? null,
        dynamoTable: options.table ?? null,
        options,
        columns,
        keysDescribed: relkind === 'f' && info !== undefined,
      };
    },
  );
  return {
    schemas: schemas.rows.map((r) => r[0]!),
    servers: servers.rows.map(([name, wrapper, opts]) => ({
      name: name!,
      wrapper: wrapper!,
      options: maskOptions(optionsFromJoined(opts ?? null)),
    })),
    tables,
  };
}

function maskOptions(options: Record<string, string>): Record<string, string> {
  const out = { ...options };
  for (const k of PLAIN_SECRET_OPTIONS) if (out[k] !== undefined) out[k] = MASK;
  return out;
}

import type { Host } from '../host/host';

/**
 * A relation's column defaults, by column name, as Postgres deparses them (pg_get_expr):
 *   create foreign table ft (id text, kind text default 'new') → Map { 'kind' => "'new'::text" }
 */
export async function columnDefaults(host: Pick<Host, 'query'>, oid: number): Promise<Map<string, string>> {
  const { rows } = await host.query(
    `select a.attname::text, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
       from pg_catalog.pg_attrdef d
       join pg_catalog.pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
      where d.adrelid = $1::pg_catalog.oid and not a.attisdropped`,
    [oid],
  );
  return new Map(rows.map((r) => [r[0]!, r[1]!]));
}

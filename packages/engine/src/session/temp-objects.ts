import type { Host } from '../host/host';

/**
 * An object of the session's temp schema: `key` names it across catalogs (`<catalog oid>:<oid>`),
 * `kind` and `identity` are Postgres's (pg_identify_object: 'function', 'pg_temp_3.f(integer)').
 */
export interface TempObject {
  readonly key: string;
  readonly kind: string;
  readonly identity: string;
}

/**
 * Which of them: those named `names` (as the catalogs hold them) or keyed `keys`; or with `allBut`,
 * every one but the engine's own (`__ds_…`), those keyed `allBut` and what belongs to those (a
 * serial's sequence, a statistics object: an auto dependency).
 */
export type TempObjectsOf =
  | { readonly names?: readonly string[]; readonly keys?: readonly string[] }
  | { readonly allBut: readonly string[] };

/**
 * The objects of the session's temp schema, as DISCARD TEMP finds them — each one the schema holds
 * in its own right (a dependency on it), not one that is part of another (a table's row type and
 * indexes, a range type's constructors and multirange, an identity column's sequence), which goes
 * with it: relations, types and domains, functions, procedures and aggregates, operators,
 * collations, text search configurations and dictionaries, conversions, statistics objects.
 *   `create temp table t (a int); create function pg_temp.f(int) ...`, tempObjects(host, { names: ['t', 'f'] })
 *     → [{ key: '1259:16452', kind: 'table', identity: 'pg_temp.t' },
 *        { key: '1255:16443', kind: 'function', identity: 'pg_temp_3.f(integer)' }]
 */
export async function tempObjects(host: Host, of: TempObjectsOf): Promise<TempObject[]> {
  const allBut = 'allBut' in of ? of.allBut : null;
  const names = 'allBut' in of ? null : (of.names ?? []);
  const keys = 'allBut' in of ? null : (of.keys ?? []);
  const r = await host.query(
    `with member (classid, objid, name) as (
       ${MEMBERS.map(
         ([catalog, namespace, name]) =>
           `select 'pg_catalog.${catalog}'::pg_catalog.regclass::pg_catalog.oid, oid, ${name}::text
              from pg_catalog.${catalog} where ${namespace} = pg_catalog.pg_my_temp_schema()`,
       ).join(' union all ')}
     ), object as (
       select m.*, m.classid::text || ':' || m.objid::text as key from member m
        where exists (select 1 from pg_catalog.pg_depend n
                       where n.classid = m.classid and n.objid = m.objid and n.deptype = 'n'
                         and n.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass)
          and not exists (select 1 from pg_catalog.pg_depend i
                           where i.classid = m.classid and i.objid = m.objid and i.deptype = 'i')
     )
     select o.key, i.type, i.identity
       from object o cross join lateral pg_catalog.pg_identify_object(o.classid, o.objid, 0) i
      where o.name = any ($1::text[]) or o.key = any ($2::text[])
         or ($3::text[] is not null and o.name !~ '^__ds_' and not o.key = any ($3::text[])
             and not exists (select 1 from pg_catalog.pg_depend a
                              where a.classid = o.classid and a.objid = o.objid and a.deptype = 'a'
                                and a.refclassid::text || ':' || a.refobjid::text = any ($3::text[])))`,
    [names, keys, allBut],
  );
  return r.rows.map(([key, kind, identity]) => ({ key: key!, kind: kind!, identity: identity! }));
}

/** Each catalog of objects a schema holds: its name, its namespace column and its name column. */
const MEMBERS = [
  ['pg_class', 'relnamespace', 'relname'],
  ['pg_type', 'typnamespace', 'typname'],
  ['pg_proc', 'pronamespace', 'proname'],
  ['pg_operator', 'oprnamespace', 'oprname'],
  ['pg_collation', 'collnamespace', 'collname'],
  ['pg_ts_config', 'cfgnamespace', 'cfgname'],
  ['pg_ts_dict', 'dictnamespace', 'dictname'],
  ['pg_conversion', 'connamespace', 'conname'],
  ['pg_statistic_ext', 'stxnamespace', 'stxname'],
] as const;

/**
 * Drops temp objects in one round trip, each with what depends on it (CASCADE; IF EXISTS: another's
 * cascade may have taken it): `drop function if exists pg_temp_3.f(integer) cascade; drop table ...`.
 */
export async function dropTempObjects(host: Host, objects: readonly TempObject[]): Promise<void> {
  const byCommand = new Map<string, string[]>();
  for (const { kind, identity } of objects) {
    const command = DROP_COMMAND[kind] ?? kind;
    byCommand.set(command, [...(byCommand.get(command) ?? []), identity]);
  }
  const sql = [...byCommand].map(
    ([command, identities]) => `drop ${command} if exists ${identities.join(', ')} cascade`,
  );
  if (sql.length) await host.exec(sql.join('; '));
}

/** DROP's word for a kind pg_identify_object names otherwise; the rest are their own (`text search dictionary`). */
const DROP_COMMAND: Readonly<Record<string, string>> = {
  'composite type': 'type',
  'statistics object': 'statistics',
};

import { assignable, type CoercionCatalog, type TypeFacts } from '../bind/assignment-coercion';
import type { Host } from '../host/host';
import { hostError } from './host-error';

/**
 * Every type the coercion rules may read for the given ones — each domain's base, each true array's
 * element, transitively — and pg_cast's rows between them, in one query:
 *   [16, 23] → ('type', 16, 0, 'B', 0, f, f, {}), ('type', 23, 0, 'N', 0, f, f, {}), ('cast', 16, 23, 'e', ...), ...
 */
const CATALOG_SQL = `with recursive types(oid) as (
    select pg_catalog.unnest($1::pg_catalog.oid[])
    union
    select case when t.typtype = 'd' then t.typbasetype else t.typelem end
      from types y join pg_catalog.pg_type t on t.oid = y.oid
     where t.typtype = 'd' or (t.typelem <> 0 and t.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc)
  )
  select 'type', t.oid::int, case when t.typtype = 'd' then t.typbasetype::int else 0 end, t.typcategory::text,
         case when t.typelem <> 0 and t.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc
              then t.typelem::int else 0 end,
         t.typrelid <> 0, t.typtype = 'p',
         -- A table's row type: the row types of the tables it inherits from, and the type it is OF.
         array(with recursive parents(oid) as (
                 select i.inhparent from pg_catalog.pg_inherits i where i.inhrelid = t.typrelid
                 union
                 select i.inhparent from parents p join pg_catalog.pg_inherits i on i.inhrelid = p.oid
               )
               select r.reltype::int from parents p join pg_catalog.pg_class r on r.oid = p.oid
               union all
               select r.reloftype::int from pg_catalog.pg_class r where r.oid = t.typrelid and r.reloftype <> 0)
    from types y join pg_catalog.pg_type t on t.oid = y.oid
  union all
  select 'cast', c.castsource::int, c.casttarget::int, c.castcontext::text, 0, false, false, '{}'
    from pg_catalog.pg_cast c
   where c.castsource in (select oid from types) and c.casttarget in (select oid from types)`;

/**
 * Which argument types an EXECUTE may bind to which parameter types (bind/assignment-coercion.ts),
 * as the host's catalog says: asked once per pair in a catalog epoch (session/fresh-sessions.ts), as
 * relation names are — a CREATE CAST, a new domain or a DROP begins a new one.
 */
export class AssignmentCasts {
  private readonly known = new Map<string, boolean>();

  /** Whether each `[source, target]` pair is coerced by assignment: `[[23, 20], [16, 23]]` → [true, false]. */
  async assignable(host: Host, pairs: readonly (readonly [number, number])[]): Promise<boolean[]> {
    const key = ([s, t]: readonly [number, number]) => `${s}>${t}`;
    const missing = pairs.filter((p) => !this.known.has(key(p)));
    if (missing.length) {
      const catalog = await readCatalog(host, [...new Set(missing.flat())]);
      for (const p of missing) this.known.set(key(p), assignable(p[0], p[1], catalog));
    }
    return pairs.map((p) => this.known.get(key(p))!);
  }
}

async function readCatalog(host: Host, oids: readonly number[]): Promise<CoercionCatalog> {
  let rows;
  try {
    rows = (await host.query(CATALOG_SQL, [oids])).rows;
  } catch (e) {
    throw hostError(e);
  }
  const types = new Map<number, TypeFacts>();
  const casts = new Map<string, string>();
  for (const [kind, a, b, c, element, composite, pseudo, supertypes] of rows) {
    if (kind === 'cast') casts.set(`${a}>${b}`, c!);
    else
      types.set(Number(a), {
        domainBase: Number(b),
        category: c!,
        element: Number(element),
        composite: composite === 't',
        pseudo: pseudo === 't',
        supertypes: (supertypes ?? '{}').slice(1, -1).split(',').filter(Boolean).map(Number),
      });
  }
  return { types, casts };
}

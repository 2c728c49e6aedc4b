import type { Host } from './host';
import { oneLine } from './quarantine-bodies';
import { SQL_TEXT_FUNCTIONS } from './sql-text-calls';
import { USER_ROLE } from './user-role';

const SET_CONFIG = 'pg_catalog.set_config(text, text, boolean)';

/** Catalogs whose rows have no `oid`: the object each row is part of (pg_describe_object's class and id). */
const ROW_OBJECT: Readonly<Record<string, readonly [string, string]>> = {
  pg_aggregate: ['pg_proc', 'aggfnoid'],
  pg_index: ['pg_class', 'indexrelid'],
  pg_partitioned_table: ['pg_class', 'partrelid'],
  pg_range: ['pg_type', 'rngtypid'],
};

/** The first OID of objects made after the host's own (FirstNormalObjectId): what the user (or anyone but initdb) made. */
const FIRST_NORMAL_OID = 16384;

/**
 * Runs when an engine opens, after quarantineBodies, as the host's owner: gives the user role EXECUTE
 * on set_config, which every statement's call to it is checked for (host/set-config-call.ts) — once
 * nothing made before those checks can call it unchecked. Until this version the role could not run
 * set_config, and Postgres does not check EXECUTE when a view, a default, a CHECK, a policy, a rule,
 * a trigger's WHEN or an aggregate naming it is made: such an object, made by an older version, could
 * call it (or a function running SQL text, sql-text-calls.ts) with values known only when it runs.
 * So the first open finds every object whose stored expression calls one of them (the catalogs'
 * pg_node_tree columns: `:funcid <oid>`) or that names one as its function (their regproc columns:
 * an aggregate's, an operator's), past the host's own; Postgres records no dependency on its own
 * functions, so this is where they show. None: the grant, after which every new one is checked when it
 * is made. Some: no grant — set_config stays refused (42501) — and `warn` names them; the next open
 * looks again. Function bodies are quarantineBodies' (their calls are checked as statements are).
 * Returns whether the role may run set_config.
 *   an older `create view v as select set_config(name, 'x', false) from t` →
 *     warn('Dynascope: set_config stays refused to user SQL ...: view v ...')
 */
export async function grantSetConfig(host: Host, warn: (line: string) => void): Promise<boolean> {
  return host.asOwner(async () => {
    const granted = await host.query(`select has_function_privilege($1, $2, 'execute')`, [
      USER_ROLE,
      SET_CONFIG,
    ]);
    if (granted.rows[0]?.[0] === 't') return true;
    const callers = await uncheckedCallers(host);
    if (callers.length) {
      const shown =
        callers.slice(0, 10).join('; ') + (callers.length > 10 ? `; and ${callers.length - 10} more` : '');
      warn(
        oneLine`Dynascope: set_config stays refused to user SQL (42501): objects made before Dynascope checked its calls call it, or a function running SQL text, with values known only when they run: ${shown}. Drop or replace them (a superuser of the host can read them), then start again.`,
      );
      return false;
    }
    await host.exec(`grant execute on function ${SET_CONFIG} to ${USER_ROLE}`);
    return true;
  });
}

/** Every object past the host's own whose stored expression calls, or which names as its function, set_config or a function running SQL text. */
async function uncheckedCallers(host: Host): Promise<string[]> {
  const functions = await host.query(
    `select p.oid::text from pg_proc p
      where p.pronamespace = 'pg_catalog'::regnamespace and p.proname = any($1::text[]) order by 1`,
    [['set_config', ...SQL_TEXT_FUNCTIONS]],
  );
  const oids = functions.rows.map((r) => r[0]!);
  const columns = await host.query(
    `select c.relname::text, a.attname::text, a.atttypid = 'regproc'::regtype,
            exists (select from pg_attribute o where o.attrelid = c.oid and o.attname = 'oid' and not o.attisdropped)
       from pg_class c join pg_attribute a on a.attrelid = c.oid
      where c.relnamespace = 'pg_catalog'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and a.atttypid in ('pg_node_tree'::regtype, 'regproc'::regtype)
      order by 1, 2`,
  );
  const byCatalog = new Map<string, { readonly hasOid: boolean; readonly tests: string[] }>();
  for (const [relname, attname, isRegproc, hasOid] of columns.rows) {
    const entry = byCatalog.get(relname!) ?? { hasOid: hasOid === 't', tests: [] };
    byCatalog.set(relname!, entry);
    entry.tests.push(
      isRegproc === 't' ? `${quote(attname!)}::oid = any($2::oid[])` : `${quote(attname!)}::text ~ $1`,
    );
  }
  const selects = [...byCatalog].map(([relname, { hasOid, tests }]) => {
    const [classOf, idColumn] = hasOid ? [relname, 'oid'] : (ROW_OBJECT[relname] ?? [null, null]);
    // A catalog of another kind (a newer Postgres's) names itself: each of its rows counts.
    const described =
      classOf && idColumn
        ? `pg_describe_object('${classOf}'::regclass, ${quote(idColumn)}, 0)`
        : `'a row of ${relname}'`;
    const ours = classOf && idColumn ? `${quote(idColumn)}::oid >= ${FIRST_NORMAL_OID} and ` : '';
    return `select ${described} from ${quote(relname)} where ${ours}(${tests.join(' or ')})`;
  });
  if (!selects.length || !oids.length) return [];
  const found = await host.query(`select distinct d from (${selects.join(' union all ')}) s(d) order by 1`, [
    `:funcid (${oids.join('|')}) `,
    oids,
  ]);
  return found.rows.map((r) => r[0] ?? '');
}

/** A catalog's name as an identifier (they are all plain lower-case words). */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

import type { Host } from '../host/host';

/**
 * Which session made each temporary relation, on a connection every session shares (PGlite's one,
 * whose one temp schema holds them all). Postgres drops a session's temp tables when it ends, and
 * DISCARD TEMP drops only the session's own; here too: a session's are dropped when it ends (its
 * wire connection closes, it idles out), and another session's DISCARD TEMP leaves them.
 *   a: create temp table t (a int)   → t is a's (`b: create temp table t` fails: 42P07, as one schema)
 *   b: discard temp                  → t stays
 *   a ends                           → drop table pg_temp.t: b may create its own t
 * Only what a statement's text creates is known (created-temp-relations.ts); a relation a function's
 * body creates is no session's, and any session's DISCARD TEMP drops it. On a PostgreSQL host each
 * session has a connection of its own, and its end drops them: no owners are kept.
 */
export class TempOwners {
  /** The relations' oids (as Postgres prints them) and the session that made each. */
  private readonly owners = new Map<string, object>();

  /** The oids `names` have now (another session's relation of that name), before a statement creates them. */
  async existing(host: Host, names: readonly string[]): Promise<ReadonlySet<string>> {
    const r = await host.query(
      `select c.oid::text from pg_catalog.pg_class c
        where c.relnamespace = pg_catalog.pg_my_temp_schema()
          and c.oid = any (select pg_catalog.to_regclass(n) from pg_catalog.unnest($1::text[]) n)`,
      [names],
    );
    return new Set(r.rows.map((row) => row[0]!));
  }

  /**
   * After the statement: the relations of `names` it created (not there `before`) are `owner`'s.
   * Those of `owner`'s that are gone (dropped, rolled back) are forgotten in the same call.
   */
  async created(
    host: Host,
    owner: object,
    names: readonly string[],
    before: ReadonlySet<string>,
  ): Promise<void> {
    const mine = this.owned(owner);
    const r = await host.query(
      `select c.oid::text from pg_catalog.pg_class c
        where c.relnamespace = pg_catalog.pg_my_temp_schema()
          and (c.oid = any (select pg_catalog.to_regclass(n) from pg_catalog.unnest($1::text[]) n)
               or c.oid = any ($2::oid[]))`,
      [names, mine],
    );
    const present = new Set(r.rows.map((row) => row[0]!));
    for (const oid of mine) if (!present.has(oid)) this.owners.delete(oid);
    for (const oid of present) if (!before.has(oid) && !this.owners.has(oid)) this.owners.set(oid, owner);
  }

  /** `owner`'s relations (some may be gone since). */
  owned(owner: object): string[] {
    return [...this.owners].filter(([, o]) => o === owner).map(([oid]) => oid);
  }

  /** The other sessions' relations: DISCARD TEMP leaves them (run/discard-all.ts). */
  others(owner: object): string[] {
    return [...this.owners].filter(([, o]) => o !== owner).map(([oid]) => oid);
  }

  /** `owner` ends without dropping them (another session's block is open): its relations are no one's. */
  forget(owner: object): void {
    for (const oid of this.owned(owner)) this.owners.delete(oid);
  }

  /** `owner` ends: its relations still there are dropped (with what depends on them), as Postgres does. */
  async end(host: Host, owner: object): Promise<void> {
    const mine = this.owned(owner);
    for (const oid of mine) this.owners.delete(oid);
    if (!mine.length) return;
    const r = await host.query(
      `select c.relkind::text, pg_catalog.format('%I.%I', n.nspname, c.relname)
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where c.relnamespace = pg_catalog.pg_my_temp_schema() and c.oid = any ($1::oid[])`,
      [mine],
    );
    await dropTempObjects(host, r.rows as [string, string][]);
  }
}

/**
 * Drops temp objects listed as [kind, qualified name] — kind a pg_class relkind ('r', 'p', 'v', 'S',
 * 'c'), 't' and a typtype ('te', 'tr', 'td'), or 'f' for a routine (its regprocedure) — in one
 * round trip, each with what depends on it (CASCADE; IF EXISTS: a table's cascade may have taken a view).
 */
export async function dropTempObjects(
  host: Host,
  objects: readonly (readonly [string, string])[],
): Promise<void> {
  const of = (kinds: readonly string[]) => objects.filter(([k]) => kinds.includes(k)).map(([, name]) => name);
  const drops = [
    ['routine', of(['f'])],
    ['table', of(['r', 'p'])],
    ['view', of(['v'])],
    ['sequence', of(['S'])],
    ['type', of(['c', 'te', 'tr'])],
    ['domain', of(['td'])],
  ] as const;
  const sql = drops
    .filter(([, names]) => names.length)
    .map(([kind, names]) => `drop ${kind} if exists ${names.join(', ')} cascade`);
  if (sql.length) await host.exec(sql.join('; '));
}

import type { Host } from '../host/host';
import { dropTempObjects, tempObjects } from './temp-objects';

/**
 * Which session made each temporary object, on a connection every session shares (PGlite's one,
 * whose one temp schema holds them all). Postgres drops a session's temp objects when it ends, and
 * DISCARD TEMP drops only the session's own; here too: a session's are dropped when it ends (its
 * wire connection closes, it idles out), and another session's DISCARD TEMP leaves them — tables,
 * views, sequences, functions, procedures, aggregates, types, domains, operators, collations, text
 * search objects (temp-objects.ts).
 *   a: create temp table t (a int)   → t is a's (`b: create temp table t` fails: 42P07, as one schema)
 *   a: create function pg_temp.f() returns int ...   → f() is a's
 *   b: discard temp                  → t and f() stay
 *   a ends                           → drop table pg_temp.t; drop function pg_temp_0.f(): b may make its own
 * Only what a statement's text creates is known (created-temp-objects.ts); an object a function's
 * body creates is no session's, and any session's DISCARD TEMP drops it. On a PostgreSQL host each
 * session has a connection of its own, and its end drops them: no owners are kept.
 */
export class TempOwners {
  /** The objects' keys (temp-objects.ts) and the session that made each. */
  private readonly owners = new Map<string, object>();

  /** The keys of the objects named `names` now (another session's), before a statement creates them. */
  async existing(host: Host, names: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set((await tempObjects(host, { names })).map((o) => o.key));
  }

  /**
   * After the statement: the objects of `names` it created (not there `before`) are `owner`'s.
   * Those of `owner`'s that are gone (dropped, rolled back) are forgotten in the same call.
   */
  async created(
    host: Host,
    owner: object,
    names: readonly string[],
    before: ReadonlySet<string>,
  ): Promise<void> {
    const mine = this.owned(owner);
    const present = new Set((await tempObjects(host, { names, keys: mine })).map((o) => o.key));
    for (const key of mine) if (!present.has(key)) this.owners.delete(key);
    for (const key of present) if (!before.has(key) && !this.owners.has(key)) this.owners.set(key, owner);
  }

  /** `owner`'s objects' keys (some may be gone since). */
  owned(owner: object): string[] {
    return [...this.owners].filter(([, o]) => o === owner).map(([key]) => key);
  }

  /** The other sessions' objects' keys: DISCARD TEMP leaves them (run/discard-all.ts). */
  others(owner: object): string[] {
    return [...this.owners].filter(([, o]) => o !== owner).map(([key]) => key);
  }

  /** `owner` ends without dropping them (another session's block is open): its objects are no one's. */
  forget(owner: object): void {
    for (const key of this.owned(owner)) this.owners.delete(key);
  }

  /** `owner` ends: its objects still there are dropped (with what depends on them), as Postgres does. */
  async end(host: Host, owner: object): Promise<void> {
    const mine = this.owned(owner);
    for (const key of mine) this.owners.delete(key);
    if (mine.length) await dropTempObjects(host, await tempObjects(host, { keys: mine }));
  }
}

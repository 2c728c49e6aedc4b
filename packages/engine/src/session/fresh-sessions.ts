import { LRUCache } from 'lru-cache';
import type { Host } from '../host/host';
import { PlanCache } from '../plan/statement/plan-cache';
import { AssignmentCasts } from '../run/assignment-casts';
import { RelationCache } from './relation-cache';
import { readSettings, type SessionSettings } from './settings';

/** What holds only while the catalog, search_path and settings do: rebuilt in each catalog epoch. */
export interface EpochState {
  readonly epoch: number;
  readonly relations: RelationCache;
  readonly plans: PlanCache;
  readonly casts: AssignmentCasts;
  /** The settings as the host reports them, read once in the epoch (see settingsOf). */
  settings?: Promise<SessionSettings>;
  /** Plan caches of PREPAREs planned with declared parameter types, by those types (see declaredPlanCache). */
  declaredPlans?: LRUCache<string, PlanCache>;
}

/** Declared parameter type lists whose plan caches an epoch keeps (a wire client's Parse declares them). */
const MAX_DECLARED = 32;

/** Plans answered from the items alone: the host runs nothing of the statement, so no user code. */
const FROM_ITEMS = new Set(['count', 'rows-from-items', 'engine-hash-join']);

/** Whether a statement with this plan was answered from DynamoDB's items alone (no host work). */
export function answeredFromItems(plan: { readonly shape?: string } | null | undefined): boolean {
  return FROM_ITEMS.has(plan?.shape ?? '');
}

/** A new epoch's state: nothing looked up yet. */
export function epochState(epoch: number): EpochState {
  return { epoch, relations: new RelationCache(), plans: new PlanCache(), casts: new AssignmentCasts() };
}

/**
 * The plan cache of the PREPAREs whose declared parameter types are `types`, as written: the host
 * describes their statements with those types (run/prepared-types.ts), so what it says of a text is
 * kept apart from what it says of the same text with other types, or none. The names resolve alike
 * within the epoch (search_path and the catalog are its own).
 *   ['int', 'text'] → the cache every `prepare q (int, text) as ...` of the epoch plans with
 */
export function declaredPlanCache(state: EpochState, types: readonly string[]): PlanCache {
  const key = JSON.stringify(types);
  state.declaredPlans ??= new LRUCache({ max: MAX_DECLARED });
  let cache = state.declaredPlans.get(key);
  if (!cache) state.declaredPlans.set(key, (cache = new PlanCache()));
  return cache;
}

/** The epoch's settings, read from `host` once; a failed read is not kept (the next statement reads again). */
export function settingsOf(state: EpochState, host: Host): Promise<SessionSettings> {
  return (state.settings ??= once(readSettings(host), () => (state.settings = undefined)));
}

/**
 * What the sessions that have changed nothing yet (no SET, no DDL, no transaction block: still in their
 * first catalog epoch) share, so that a new session's first statements need no host call another
 * session's statement already made (issue 13 part 3, issue 18 "Concurrency"): their settings are the
 * defaults and their names resolve alike, so relations, plans and settings looked up by one serve all
 * of them — and a new session's first lookup does not wait behind another session's long host call on
 * PGlite's one connection (a 0.9 s join in the host) for the settings and the table's definition.
 *   B (new): select * from events where id = 1   → settings, relation, plan read from the host, kept here
 *   C (new): select * from events where id = 2   → none: B's answers
 * Every statement that may change the catalog (in any session, a SET aside: it is its session's own)
 * starts a new generation, whose state is looked up anew — and so does every statement the host ran
 * part of (user code reached through a view, a trigger, a default may SET or run DDL unseen in the
 * statement's text); a session stays among those that changed nothing only while each of its
 * statements was answered from the items alone (session.ts afterStatement). The database's collation and Postgres's own
 * function names cannot change while the host runs: read once for every session. The engine shares
 * one on PGlite only, whose one process sees every change (engine.ts); on a server each session has
 * its own connection, and another API process may change the catalog.
 */
export class FreshSessions {
  private state = epochState(0);
  private collation: Promise<boolean> | undefined;
  private builtinNames: Promise<ReadonlySet<string>> | undefined;

  /** The state the sessions in their first epoch share now. */
  current(): EpochState {
    return this.state;
  }

  /** A statement (of any session) may change what names resolve to: the shared state is looked up anew. */
  changed(): void {
    this.state = epochState(this.state.epoch + 1);
  }

  /** Whether the database's collation is C (or POSIX), read once through whichever host asks first. */
  defaultCollationIsC(host: Host): Promise<boolean> {
    return (this.collation ??= once(
      host
        .query('select datcollate from pg_database where datname = current_database()')
        .then((r) => ['C', 'POSIX'].includes(r.rows[0]?.[0] ?? '')),
      () => (this.collation = undefined),
    ));
  }

  /** Postgres's own function names (pg_catalog's), read once through whichever host asks first. */
  builtins(host: Host): Promise<ReadonlySet<string>> {
    return (this.builtinNames ??= once(
      host
        .query(
          "select distinct proname::text from pg_catalog.pg_proc where pronamespace = 'pg_catalog'::regnamespace",
        )
        .then((r) => new Set(r.rows.map((row) => row[0]!))),
      () => (this.builtinNames = undefined),
    ));
  }
}

/** `read`, forgotten (`forget`) if it fails: a failed read is tried again by the next statement. */
function once<T>(read: Promise<T>, forget: () => void): Promise<T> {
  return read.catch((e: unknown) => {
    forget();
    throw e;
  });
}

import { LRUCache } from 'lru-cache';

/** What a name resolved to when there is no such relation (the cache cannot hold null). */
const NONE = Symbol('no such relation');
/** Names remembered at most in one catalog epoch; far more than a statement names. */
const MAX_NAMES = 4_096;

/**
 * Relation lookups by name, null for a name that resolves to nothing (see
 * plan/statement/prepare-foreign.ts).
 */
export class RelationCache {
  /**
   * Made at the first name kept: an epoch starts after every statement the host ran part of
   * (session/fresh-sessions.ts), most of which look up no name, and an LRUCache allocates its `max`
   * slots up front (~0.25 ms for 4,096, per statement, in a CPU profile of `select 1` through the API).
   */
  private resolved: LRUCache<string, NonNullable<unknown>> | undefined;

  has(name: string): boolean {
    return this.resolved?.has(name) ?? false;
  }

  get(name: string): unknown {
    const r = this.resolved?.get(name);
    return r === NONE ? null : r;
  }

  set(name: string, resolution: unknown): void {
    this.resolved ??= new LRUCache({ max: MAX_NAMES });
    this.resolved.set(name, resolution === null || resolution === undefined ? NONE : resolution);
  }
}

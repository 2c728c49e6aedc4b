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
  private readonly resolved = new LRUCache<string, NonNullable<unknown>>({ max: MAX_NAMES });

  has(name: string): boolean {
    return this.resolved.has(name);
  }

  get(name: string): unknown {
    const r = this.resolved.get(name);
    return r === NONE ? null : r;
  }

  set(name: string, resolution: unknown): void {
    this.resolved.set(name, resolution === null || resolution === undefined ? NONE : resolution);
  }
}

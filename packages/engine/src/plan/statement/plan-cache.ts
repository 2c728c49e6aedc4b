import type { Host, HostDescription } from '../../host/host';
import { LRUCache } from 'lru-cache';
import { limitsGeneration } from '../../dynamo/governor/table-limits';
import type { PlannedScan, StatementPlan } from './statement-plan';

/**
 * Plans of recent statements answered from the items alone (no temp table, no host work), by
 * statement text. A plan is reused only while everything it was built from is still current:
 *   - the catalog, search_path and dynascope.* settings — a session keeps one plan cache per
 *     catalog epoch (session/session.ts), which any statement that may change them ends;
 *   - the DescribeTable result and the table statistics — the very objects the caches hold now
 *     (both expire on their own clocks; a refreshed one is a new object, so the plan is rebuilt);
 *     a read by key's plan stands on statistics however old (plan-scan.ts chooseWithFigures);
 *   - the throughput limits foreign tables' options put on DynamoDB tables (the rateLimit it shows):
 *     any change to them (dynamo/governor/table-limits.ts limitsGeneration) plans it again.
 * A plan is a frozen value, handed out as it is: a run keeps its figures apart (run/run-stats.ts).
 *
 * It also keeps the host's description (result columns) of recent rewritten statements: with pooled
 * temp tables (temp-tables.ts) a re-run statement is rewritten to the same text.
 */
/** Plans (and descriptions) kept per cache. */
const MAX_ENTRIES = 128;

export class PlanCache {
  // Made at the first entry kept: a cache is made with each catalog epoch (session/fresh-sessions.ts),
  // after every statement the host ran part of, most of which keep nothing (~0.05 ms a statement).
  private entries: LRUCache<string, Entry> | undefined;
  private descriptions: LRUCache<string, HostDescription> | undefined;
  private withoutFunctionReads: LRUCache<string, true> | undefined;
  private aggregatesOrSets: LRUCache<string, boolean> | undefined;

  clear(): void {
    this.entries?.clear();
    this.descriptions?.clear();
    this.withoutFunctionReads?.clear();
    this.aggregatesOrSets?.clear();
  }

  /**
   * Whether any of these function names is an aggregate's, a window function's or a set-returning
   * function's (`ask`: the host's pg_proc, local-shape-terms.ts anyAggregateOrSet): asked once per
   * set of names in the cache's catalog epoch — a CREATE FUNCTION or AGGREGATE begins a new one.
   */
  async anyAggregateOrSet(
    functions: ReadonlySet<string>,
    ask: (functions: ReadonlySet<string>) => Promise<boolean>,
  ): Promise<boolean> {
    if (!functions.size) return false;
    const key = JSON.stringify([...functions].sort());
    let answer = this.aggregatesOrSets?.get(key);
    if (answer === undefined) {
      answer = await ask(functions);
      (this.aggregatesOrSets ??= new LRUCache({ max: MAX_ENTRIES })).set(key, answer);
    }
    return answer;
  }

  /**
   * Whether a statement text was found to call no SQL function that reads a foreign table
   * (plan/statement/function-reads.ts): what decides it — functions, views, relations, search_path —
   * holds for the cache's catalog epoch, as a plan does.
   */
  callsNoFunctionReads(text: string): boolean {
    return this.withoutFunctionReads?.has(text) ?? false;
  }

  noFunctionReads(text: string): void {
    (this.withoutFunctionReads ??= new LRUCache({ max: MAX_ENTRIES })).set(text, true);
  }

  /** The host's description of a statement over temp tables (it type-checks the statement too). */
  async describe(host: Host, text: string): Promise<HostDescription> {
    let description = this.descriptions?.get(text);
    if (!description) {
      description = await host.describe(text);
      (this.descriptions ??= new LRUCache({ max: MAX_ENTRIES })).set(text, description);
    }
    return description;
  }

  get(ctx: PlanLookup, text: string): StatementPlan | null {
    const entry = this.entries?.get(text);
    if (!entry || !entry.scans.every((s) => current(ctx, s))) return null;
    ctx.notices.push(...entry.notices);
    return entry.prepared;
  }

  set(
    text: string,
    prepared: StatementPlan,
    notices: readonly string[],
    scans: readonly Dependencies[],
  ): void {
    (this.entries ??= new LRUCache({ max: MAX_ENTRIES })).set(text, { prepared, notices, scans });
  }
}

/** What a cached plan is checked against (a statement's context): the session's caches now, and where its notices go. */
export interface PlanLookup {
  readonly notices: string[];
  readonly describeCache: { get(key: string): unknown };
  readonly statsCache: {
    get(key: string): { readonly stats: unknown; readonly expires: number } | undefined;
  };
}

/** What a scan's plan was built from: looked up again by the same keys the planner used. */
export interface Dependencies {
  readonly describeKey: string;
  readonly statsKey: string;
  readonly info: PlannedScan['info'];
  readonly stats: unknown;
  /** Statistics of any age will do (a read by key), as long as they are the same. */
  readonly anyAge: boolean;
  /** The registered throughput limits' generation it was planned in (limitsGeneration). */
  readonly limits: number;
}

interface Entry {
  readonly prepared: StatementPlan;
  readonly notices: readonly string[];
  readonly scans: readonly Dependencies[];
}

/**
 * A read by key may have been planned with no statistics (DescribeTable's figures): it stays current
 * while there are still none, as it does on the same statistics however old. Any other read needs the
 * very statistics it used, fresh.
 */
function current(ctx: PlanLookup, d: Dependencies): boolean {
  const stats = ctx.statsCache.get(d.statsKey);
  return (
    d.limits === limitsGeneration() &&
    ctx.describeCache.get(d.describeKey) === d.info &&
    stats?.stats === d.stats &&
    (d.anyAge || (stats !== undefined && stats.expires > Date.now()))
  );
}

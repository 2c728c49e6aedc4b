import { LRUCache, type Perf } from 'lru-cache';
import type { TableInfo } from '../plan/key-schema';
import type { TableStats } from '../plan/table-stats';

/**
 * Statistics of a table and when they stop being fresh (the planner sets it: sampling costs RCU). They
 * are kept after: a read by key plans with them however old (plan/statement/plan-scan.ts).
 */
export interface StatsEntry {
  readonly stats: TableStats;
  readonly expires: number;
}

/** Key schemas change only when a table is recreated: a DescribeTable is reused for this long. */
const DESCRIBE_TTL_MS = 30_000;
/** Tables remembered at most (least recently used forgotten first). */
const MAX_TABLES = 10_000;

/**
 * What DynamoDB said about tables (DescribeTable, statistics), by tableKey (the governor's
 * table-limits.ts): the server's endpoint, region and role + the table's name, so a server moved
 * elsewhere (ALTER SERVER) finds nothing of the old table. It does not depend on a client's settings
 * or catalog epoch, so sessions can share it.
 */
export class TableCache {
  /** Stale results stay for the catalog's key roles until a fresh DescribeTable replaces them. */
  private readonly described: LRUCache<string, TableInfo>;
  private readonly statsEntries: LRUCache<string, StatsEntry>;
  private readonly clock: Perf;

  /** `clock`: what time is measured on (tests); `performance` by default. */
  constructor(clock?: Perf) {
    this.clock = clock ?? performance;
    // A clock read per lookup costs less than the timer lru-cache would set to save it (ttlResolution).
    const time = { ttlResolution: 0, ...(clock && { perf: clock }) };
    this.described = new LRUCache({
      max: MAX_TABLES,
      ttl: DESCRIBE_TTL_MS,
      noDeleteOnStaleGet: true,
      ...time,
    });
    this.statsEntries = new LRUCache({ max: MAX_TABLES });
  }

  /** The DescribeTable results one statement sees: once looked up, the same object for the whole statement. */
  describesForStatement(): {
    get(key: string): TableInfo | undefined;
    set(key: string, info: TableInfo): void;
  } {
    const pinned = new Map<string, TableInfo>();
    return {
      get: (key) => {
        let info = pinned.get(key);
        if (!info && (info = this.described.get(key))) pinned.set(key, info);
        return info;
      },
      set: (key, info) => {
        pinned.set(key, info);
        this.described.set(key, info);
      },
    };
  }

  /**
   * Makes every DescribeTable result stale, as if its 30 s had passed: the next statement over a
   * table describes it again (a saved queries' check must see an index dropped a moment ago). They
   * stay for `lastDescribed`.
   */
  staleDescribes(): void {
    const longAgo = this.clock.now() - DESCRIBE_TTL_MS - 1;
    for (const [key, info] of [...this.described.entries()])
      this.described.set(key, info, { start: longAgo });
  }

  /**
   * Forgets what DynamoDB said of the tables whose keys start with `prefix` (tableKey(server, ''),
   * ClientCache.onForget): the server's keys changed, and may now reach another account, whose
   * tables of the same names have key schemas, indexes and sizes of their own.
   */
  forgetTables(prefix: string): void {
    // dump(), not keys(): stale descriptions too (lastDescribed still reads them).
    for (const [key] of this.described.dump()) if (key.startsWith(prefix)) this.described.delete(key);
    for (const key of [...this.statsEntries.keys()])
      if (key.startsWith(prefix)) this.statsEntries.delete(key);
  }

  /** The last DescribeTable result seen for a table, however old (the catalog's key roles). */
  readonly lastDescribed = (key: string): TableInfo | undefined =>
    this.described.peek(key, { allowStale: true });

  /** Statistics, however old: each entry's `expires` says whether it is still fresh. */
  readonly statistics = {
    get: (key: string): StatsEntry | undefined => this.statsEntries.get(key),
    set: (key: string, entry: StatsEntry): void => void this.statsEntries.set(key, entry),
  };

  /**
   * Makes every table's statistics expire now, as if their minute had passed (tests): the same
   * figures, no longer fresh, so the next statement that needs fresh ones samples again.
   */
  expireStatistics(): void {
    const now = Date.now();
    for (const [key, entry] of [...this.statsEntries.entries()])
      if (entry.expires > now) this.statsEntries.set(key, { ...entry, expires: now });
  }
}

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

/** What one statement sees and learns of tables (TableCache.forStatement). */
export interface StatementTables {
  /** DescribeTable results: one per table for the whole statement, reused between statements for a few seconds. */
  readonly describeCache: {
    get(key: string): TableInfo | undefined;
    set(key: string, info: TableInfo): void;
  };
  /** Table sizes for the cost model, kept across statements until `expires` (sampling costs RCU). */
  readonly statsCache: {
    get(key: string): StatsEntry | undefined;
    set(key: string, entry: StatsEntry): void;
  };
}

/** Key schemas change only when a table is recreated: a DescribeTable is reused for this long. */
const DESCRIBE_TTL_MS = 30_000;
/** Servers' forgets remembered one by one at most (TableCache.forgetTables). */
const MAX_FORGOTTEN = 256;
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
  /** How many times forgetTables ran, and at which of those times each prefix was last forgotten (forStatement). */
  private generation = 0;
  private readonly forgotten = new Map<string, number>();
  /** Statements started before this generation read and store nothing shared (forgetTables). */
  private floor = 0;

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

  /**
   * What one statement sees and learns of tables. DescribeTable results: once looked up, the same
   * object for the whole statement; statistics it sampled, for the rest of it. What it gets for a
   * table whose server's keys changed since it started (forgetTables: its DescribeTable was in
   * flight through the old keys' clients, and may describe the other account's table) is kept for
   * the statement only, and it reads nothing of that server's from the cache meanwhile.
   */
  forStatement(): StatementTables {
    const started = this.generation;
    // Whether what the cache holds for `key` may be read and written: its server's keys did not
    // change since the statement started (a forget of another server's leaves it be).
    const current = (key: string) => {
      if (started < this.floor) return false;
      for (const [prefix, at] of this.forgotten) if (at > started && key.startsWith(prefix)) return false;
      return true;
    };
    const pinned = new Map<string, TableInfo>();
    const ownStats = new Map<string, StatsEntry>();
    return {
      describeCache: {
        get: (key) => {
          let info = pinned.get(key);
          if (!info && current(key) && (info = this.described.get(key))) pinned.set(key, info);
          return info;
        },
        set: (key, info) => {
          pinned.set(key, info);
          if (current(key)) this.described.set(key, info);
        },
      },
      statsCache: {
        get: (key) => ownStats.get(key) ?? (current(key) ? this.statsEntries.get(key) : undefined),
        set: (key, entry) => {
          ownStats.set(key, entry);
          if (current(key)) this.statsEntries.set(key, entry);
        },
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
    this.forgotten.set(prefix, ++this.generation);
    // Servers come and go (a dropped one's prefix stays): past a few hundred, every statement started
    // before now is taken as having seen all of them change.
    if (this.forgotten.size > MAX_FORGOTTEN) {
      this.forgotten.clear();
      this.floor = this.generation;
    }
    // dump(), not keys(): stale descriptions too (lastDescribed still reads them).
    for (const [key] of this.described.dump()) if (key.startsWith(prefix)) this.described.delete(key);
    for (const key of [...this.statsEntries.keys()])
      if (key.startsWith(prefix)) this.statsEntries.delete(key);
  }

  /** The last DescribeTable result seen for a table, however old (the catalog's key roles). */
  readonly lastDescribed = (key: string): TableInfo | undefined =>
    this.described.peek(key, { allowStale: true });

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

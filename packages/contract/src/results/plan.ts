import type { BillingMode, PriceOverrides } from '../prices/statement-price';

/**
 * A throughput limit as a plan shows it: the strictest of the session's setting
 * (`dynascope.max_rcu_per_second`) and the server's and foreign table's options (`max_rcu_per_second`,
 * `read_percent`), and how long the estimated capacity takes at that rate (null: not estimated).
 *   { rcuPerSecond: 20, source: 'session', estimatedSeconds: 12.5 }
 */
export interface ReadRateLimit {
  readonly rcuPerSecond: number;
  readonly source: RateLimitSource;
  readonly estimatedSeconds: number | null;
}

/** The same for writes (`dynascope.max_wcu_per_second`, `max_wcu_per_second`, `write_percent`). */
export interface WriteRateLimit {
  readonly wcuPerSecond: number;
  readonly source: RateLimitSource;
  readonly estimatedSeconds: number | null;
}

/** Where a throughput limit comes from: the session's settings, or the server's or foreign table's options. */
export type RateLimitSource = 'session' | 'server' | 'table';

/** The DynamoDB call that reads a foreign relation. */
export type AccessOperation = 'Query' | 'Scan' | 'GetItem' | 'BatchGetItem' | 'ParallelScan';

/** Where an estimate comes from. */
export type EstimateBasis = 'describe-table' | 'sampled' | 'unknown' | 'exact';

/**
 * A DynamoDB request exactly as the engine sends it: the operation (X-Amz-Target) and its JSON body.
 * A scan's `request` is the first one it sends (later pages add ExclusiveStartKey; a Query of several
 * partition values sends one per value; a large read's first request may carry a smaller Limit).
 */
export interface DynamoRequest {
  readonly operation: 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan';
  readonly input: object;
}

/**
 * The plan of one foreign relation occurrence in a statement. The counters at the end are filled
 * in while the statement runs (null under EXPLAIN).
 */
export interface ScanPlan {
  readonly relation: string;
  readonly alias: string | null;
  readonly server: string;
  /**
   * Who the scan reads as: the server's credential source, and its ARN once GetCallerIdentity has
   * answered for those credentials: `profile reader → assume-role ReadOnly (arn:aws:sts::…)`.
   */
  readonly identity: string;
  readonly table: string;
  readonly operation: AccessOperation;
  readonly index: string | null;
  readonly keyCondition: string | null;
  readonly filter: string | null;
  readonly expressionAttributeNames: Readonly<Record<string, string>>;
  readonly expressionAttributeValues: Readonly<Record<string, unknown>>;
  /** Key condition / filter with names and values substituted, for people. */
  readonly keyConditionText: string | null;
  readonly filterText: string | null;
  /**
   * GetItem/BatchGetItem of several keys: each key as people read it, the first 20 (`keyCount` says
   * how many): `["user_id = 'u0001'", "user_id = 'u0002'"]`. Absent for one key (its `keyConditionText`).
   */
  readonly keys?: readonly string[];
  readonly pushed: readonly string[];
  readonly residual: readonly string[];
  /**
   * The `residual` conjuncts that join this relation to another (`o.customer_id = u.user_id`): the join
   * evaluates them, they filter no item of this read on their own.
   */
  readonly joinConditions?: readonly string[];
  readonly projection: readonly string[] | null;
  readonly limit: number | null;
  readonly consistentRead: boolean;
  /** GetItem/BatchGetItem: how many keys. */
  readonly keyCount: number | null;
  /** Query: how many partitions (one request each, `pk IN (...)`). */
  readonly partitionCount: number | null;
  /** Scan: parallel segments. */
  readonly segments: number | null;
  /**
   * Query of several partition values: every value, in the order queried (each request puts it in
   * `:v0`; `request` holds the first). For code that repeats the reads (codegen/).
   */
  readonly partitionValues?: readonly object[];
  /** BatchGetItem of more keys than its first request holds (100): every key, for code that repeats the reads. */
  readonly keyValues?: readonly object[];
  /** Index Query that fetches the full items back from the table. */
  readonly fetchBack: boolean;
  /**
   * A top-N that scans only the keys and the columns it sorts and checks, keeps the best N, then reads
   * those N items whole by key: that second read. Absent for every other scan.
   */
  readonly keyFetch?: KeyFetchPlan;
  /**
   * A top-N that could have read keys then fetched (a Scan or Query of the table, at most 1,000 kept
   * items, no WITH TIES) but reads whole items, the key read not paying: why. Absent when the key
   * read was chosen (`keyFetch`) or was never a candidate.
   *   { maxKeys: 10, reason: 'narrow items ~179 B vs whole ~85 B, at least half' }
   */
  readonly keyFetchDeclined?: KeyFetchDeclined;
  /** The first DynamoDB request this scan sends, decided when the statement was planned. */
  readonly request: DynamoRequest;
  /** The other access paths the planner priced, and what they would have cost. */
  readonly alternatives: readonly {
    readonly operation: string;
    readonly index: string | null;
    readonly estimatedRcu: number;
  }[];
  readonly estimatedRcu: number | null;
  /**
   * Set when what the scan reads is decided only while running (a join restricts it by the values
   * read from the other relation) or by the data (an index Query reads the items that hold the value):
   * the least and most it can read. `estimatedRcu` lies between.
   *   { min: 0, max: 146 }: nothing if no value joins, a Scan if the values do not make a cheaper read
   *   { min: 0, max: 147 }: no item holds the value, or every item of the index does
   */
  readonly estimatedRcuRange?: { readonly min: number; readonly max: number };
  readonly estimateBasis: EstimateBasis;
  readonly estimateNote: string;
  /**
   * A Scan: the table's items as the estimate counted them (DescribeTable's, or sampled where it
   * reports none: see `estimateBasis`); absent when not known. A write without WHERE changes them all.
   */
  readonly tableItemCount?: number;
  /** The read throughput limit this scan runs under, if any (the throughput governor). */
  readonly rateLimit?: ReadRateLimit;
  /** How the table is billed (DescribeTable's BillingModeSummary); absent: not reported, priced on-demand. */
  readonly billingMode?: BillingMode;
  /** The server's region (its `region` option); absent: not set, priced as us-east-1. */
  readonly region?: string;
  /** The session's `dynascope.price_per_million_rru` / `_wru`; absent: neither set. */
  readonly priceOverrides?: PriceOverrides;
  consumedRcu: number | null;
  /**
   * What planning this statement read to sample the table for its estimates, when DescribeTable
   * reported no size (absent: nothing read; the sample is then cached for a minute). Counted in the
   * statement's `consumedRcu`, under EXPLAIN too; not in the scan's own `consumedRcu`.
   */
  readonly samplingRcu?: number;
  scannedCount: number | null;
  returnedCount: number | null;
  pages: number;
}

/**
 * The key read after a top-N's narrow Scan: BatchGetItem of the kept keys (100 a request), with the
 * statement's own projection and the Scan's consistency. The counters are filled in while it runs.
 *   { operation: 'BatchGetItem', maxKeys: 10, projection: null, estimatedRcu: 5, ... }
 */
export interface KeyFetchPlan {
  /** GetItem when one item is kept. */
  readonly operation: 'GetItem' | 'BatchGetItem';
  /** The most keys it reads (LIMIT + OFFSET). */
  readonly maxKeys: number;
  /** What it reads of each item (null: every attribute). */
  readonly projection: readonly string[] | null;
  readonly estimatedRcu: number | null;
  consumedRcu: number | null;
  returnedCount: number | null;
  requests: number;
  /**
   * A kept item changed or vanished between the Scan and the key read: the statement was read again
   * as a plain top-N (every attribute), and the scan's counters include that second Scan.
   */
  readScanAgain: boolean | null;
}

/**
 * Why a top-N's key read (ScanPlan.keyFetch) was considered and not chosen (plan/key-fetch-pays.ts in
 * the engine): the narrow items not small enough beside the plain ones, the bytes saved not more than
 * the kept items fetched plus a round trip, the key read more than a quarter of the Scan's RCU, or
 * the Scan without an RCU estimate to weigh it against.
 */
export interface KeyFetchDeclined {
  /** The keys it would have read (LIMIT + OFFSET). */
  readonly maxKeys: number;
  /** For people: `key read 3 RCU, more than a quarter of the Scan's 8`. */
  readonly reason: string;
}

/** How a write statement changes DynamoDB (the counters are filled in while it runs). */
export interface WritePlan {
  readonly relation: string;
  readonly table: string;
  readonly operation: 'PutItem' | 'BatchWriteItem' | 'UpdateItem' | 'DeleteItem';
  /** `attribute_not_exists` (INSERT ... ON CONFLICT DO NOTHING) or `attribute_exists` (UPDATE). */
  readonly condition: string | null;
  /**
   * `true` inside `BEGIN ... COMMIT`: the writes are held and applied at COMMIT as one
   * TransactWriteItems, all or nothing; `false` or absent: sent as the statement runs (batched, not atomic).
   */
  readonly atomic?: boolean;
  requests: number;
  itemsWritten: number;
  consumedWcu: number;
  /**
   * The WCU the statement's writes are expected to consume, known before it runs (every secondary
   * index the items enter included; twice that when `atomic`, as TransactWriteItems bills): an
   * INSERT ... VALUES from its rows' items, an UPDATE or DELETE from its read's estimated items at
   * the table's average item size. null: not known before it runs (INSERT ... SELECT, a table
   * without statistics); absent: not estimated (a COPY's write, whose estimate its preview gives).
   * An INSERT that runs (not EXPLAIN) without a write limit has it filled in from its rows once the
   * host has made them, before the first is sent (then INSERT ... SELECT has one too).
   *   insert into t values (10 rows of ~100 bytes), no index → 10;  same, one GSI the items enter → 20
   */
  estimatedWcu?: number | null;
  /** The write throughput limit the statement runs under, if any (the throughput governor). */
  readonly rateLimit?: WriteRateLimit;
  /** How the written table is billed, its server's region and the session's prices, as a scan's (its WCU are priced with them). */
  readonly billingMode?: BillingMode;
  readonly region?: string;
  readonly priceOverrides?: PriceOverrides;
}

export interface Plan {
  /**
   * How the engine answers the statement (absent where no statement plan was made, e.g. a statement
   * through SQL functions): `count` (DynamoDB counts), `rows-from-items` (rows made from the items, no
   * host work), `engine-hash-join`, `streaming-evaluation` (aggregates, DISTINCT or top N while the
   * items arrive), `stream-through-host` (page by page, stops at LIMIT), `materialise-in-host` (every
   * read loaded, the host runs it once), `write` or `host-only` (no foreign table: the host runs it
   * alone; the wire gives such a statement no plan, `plan: null`).
   */
  readonly shape?:
    | 'count'
    | 'rows-from-items'
    | 'engine-hash-join'
    | 'streaming-evaluation'
    | 'stream-through-host'
    | 'materialise-in-host'
    | 'write'
    | 'host-only';
  /**
   * A `stream-through-host` statement's LIMIT: reading stops once that many rows (after its OFFSET)
   * are made. Absent without a LIMIT (the pages are read to the end) and for the other shapes.
   */
  readonly limit?: number;
  readonly scans: ScanPlan[];
  readonly write?: WritePlan;
  /** Set when the engine joins the scans itself (a hash join of the items): the join condition. */
  readonly engineJoin?: string;
  /**
   * Set when the engine computes the statement's aggregates, DISTINCT or top N while the items arrive
   * (the host finishes over the result): `Streaming Aggregate in the engine  (group by kind: count(*))`.
   */
  readonly engineEvaluation?: string;
}

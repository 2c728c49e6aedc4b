import type { JsonValue } from '../json/lossless-json';
import type { Cell, JsonNullCell } from './cell';
import type { SqlError } from './error-info';
import type { Plan } from './plan';

export interface Column {
  readonly name: string;
  /** Postgres type name as `format_type` prints it, e.g. `text`, `numeric`, `timestamp with time zone`. */
  readonly type: string;
  /**
   * What the wire protocol's RowDescription says of it, given only when the statement ran with
   * `columnOrigins` (the Postgres wire server's): its type's oid and typmod (`numeric(10,2)` → 655366,
   * `varchar(20)` → 24, -1 for none), and for a plain reference to a table's column (through a
   * subquery, a CTE or a join; a view's own column, not its table's) that relation's pg_class oid and
   * the column's attnum, else 0 and 0 — as Postgres fills them.
   */
  readonly typeOid?: number;
  readonly typmod?: number;
  readonly tableOid?: number;
  readonly attnum?: number;
}

/** One statement's answer; the counters are filled in while it runs. */
export interface StatementResult<Json = JsonValue> {
  readonly sql: string;
  readonly command: string;
  rowCount: number | null;
  readonly columns: readonly Column[];
  rows: Cell<Json>[][];
  /** The json/jsonb cells of `rows` that hold JSON null (sent as `null`, like SQL NULL); absent: none. */
  readonly jsonNulls?: readonly JsonNullCell[];
  /** Set when more rows are available: `POST /api/sql/next { cursor }`. */
  cursor: string | null;
  readonly plan: Plan | null;
  consumedRcu: number;
  durationMs: number;
  readonly notices: string[];
  /** DynamoDB throttled this many of the statement's requests, each then sent again (absent: none). */
  readonly throttledRetries?: number;
  /** The backoffs waited before those retries, in ms (with `throttledRetries`). */
  readonly throttledWaitMs?: number;
}

/** A secret constant's place in the SQL sent: 0-based character offsets, end exclusive. */
export interface Redaction {
  readonly start: number;
  readonly end: number;
}

/**
 * The answer of `POST /api/sql` and `/api/explain` (and the `result` frame of `/api/sql/stream`):
 * HTTP 200 when every statement succeeded, 400 with `error` when one failed (`statements` then
 * holds those run before it).
 */
export interface ScriptResult<Json = JsonValue> {
  readonly statements: StatementResult<Json>[];
  error?: SqlError;
  /** The submitted script with every secret constant masked: what may be shown, stored or logged. */
  readonly redactedSql: string;
  /** Where those constants stand in the submitted script. */
  readonly redactions: readonly Redaction[];
}

/** The answer of `POST /api/sql/next`. */
export interface NextPage<Json = JsonValue> {
  readonly rows: Cell<Json>[][];
  /** As a statement's `jsonNulls`, for these rows. */
  readonly jsonNulls?: readonly JsonNullCell[];
  readonly cursor: string | null;
  readonly consumedRcu: number;
}

/**
 * How far a running statement has read (the `progress` frames of `/api/sql/stream`). A frame is
 * sent after each page read, and when DynamoDB throttles a request, which is sent again after a
 * backoff (the throttled-retry counts then grow, the figures of the relation being the last page's).
 */
export interface Progress {
  readonly statementIndex: number;
  /** The relation read; '' when a request was throttled before the statement read a page. */
  readonly relation: string;
  readonly itemsScanned: number;
  readonly itemsReturned: number;
  readonly consumedRcu: number;
  /** Read capacity consumed per second over the last two seconds (the throughput governor's view). */
  readonly rcuPerSecond?: number;
  /** The read throughput limit it runs under (the strictest that applies), if any. */
  readonly maxRcuPerSecond?: number;
  /** The statement's requests DynamoDB throttled and that were sent again so far (absent: none). */
  readonly throttledRetries?: number;
  /** The backoffs waited before those retries so far, in ms (with `throttledRetries`). */
  readonly throttledWaitMs?: number;
}

import type { ErrorBody } from './error-info';

/**
 * `POST /api/copy?sql=<COPY ... FROM STDIN>` → what it wrote: Postgres's `COPY n` and the write
 * capacity DynamoDB reported (GSIs included).
 */
export interface CopyResult {
  readonly command: 'COPY';
  readonly rowCount: number;
  readonly consumedWcu: number;
  /**
   * True when the session is inside a transaction block (BEGIN): the rows are held for its COMMIT,
   * as an INSERT's are (at most 100 items), and nothing is written yet (consumedWcu 0); absent otherwise.
   */
  readonly held?: true;
}

/** The formats of `COPY ... TO STDOUT` and the Content-Type `POST /api/copy` answers each with. */
export const COPY_CONTENT_TYPES = {
  text: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  dynamodb_json: 'application/x-ndjson; charset=utf-8',
} as const;

export type CopyFormat = keyof typeof COPY_CONTENT_TYPES;

/**
 * `POST /api/copy?sql=<COPY t FROM STDIN>&dryRun=1` → what the COPY would write, having checked all of
 * the data and written nothing: its rows, the write capacity they would use (a PutItem per row, per
 * KB, and again for each secondary index that would hold it) and the first items as they would be
 * written, in DynamoDB JSON (`{ "id": { "S": "u1" }, "n": { "N": "2" } }`).
 */
export interface CopyPreview {
  readonly command: 'COPY';
  readonly rowCount: number;
  readonly estimatedWcu: number;
  /** The DynamoDB table written, and the secondary indexes counted in the estimate; null for a local table. */
  readonly table: string | null;
  readonly indexes: readonly string[];
  readonly sample: readonly Record<string, unknown>[];
}

/**
 * How far a `COPY ... FROM STDIN` has got, phase by phase: `reading` (the input parsed and staged as
 * it arrives), `checking` (every row built into its item and checked; nothing is written before
 * every row passes), `writing` (PutItems sent, the capacity DynamoDB reported so far).
 */
export interface CopyProgress {
  readonly phase: 'reading' | 'checking' | 'writing';
  /** Bytes of input read so far. */
  readonly bytesRead: number;
  /** Rows parsed and staged so far. */
  readonly rowsRead: number;
  /** All the rows, once the whole input is read (null while reading). */
  readonly rowCount: number | null;
  readonly rowsChecked: number;
  readonly rowsWritten: number;
  readonly consumedWcu: number;
  /** Write capacity consumed per second over the last two seconds, while writing. */
  readonly wcuPerSecond?: number;
  /** The write throughput limit the writes are paced by (the strictest that applies), if any. */
  readonly maxWcuPerSecond?: number;
}

/**
 * One line of `POST /api/copy?sql=<COPY ... FROM STDIN>` answered as NDJSON (asked for with
 * `Accept: application/x-ndjson`): `progress` frames, then the `result` (a `CopyResult`, or a
 * `CopyPreview` for `dryRun=1`), or an `error` once the 200 was sent. The answer starts once the
 * whole input has been read: an error in the input (a bad line) is the usual error body.
 */
export type CopyFrame<Result = CopyResult> =
  | ({ readonly type: 'progress' } & CopyProgress)
  | ({ readonly type: 'result' } & Result)
  | ({ readonly type: 'error' } & ErrorBody);

/** The media type that asks `POST /api/copy?sql=<COPY ... FROM STDIN>` for its `CopyFrame`s. */
export const COPY_PROGRESS_TYPE = 'application/x-ndjson';

import type { JsonValue } from '../json/lossless-json';
import type { Cell } from './cell';
import type { SqlError } from './error-info';
import type { Plan } from './plan';

/**
 * One row a previewed write changes, as columns: `before` is the row as read (for an INSERT, the item
 * it would replace, or null when there is none), `after` as it would be written (null for a DELETE). An INSERT shows every column; an UPDATE or
 * DELETE the columns it read or wrote (those the plan's read fetched).
 */
export interface PreviewRow<Json = JsonValue> {
  readonly before: Readonly<Record<string, Cell<Json>>> | null;
  readonly after: Readonly<Record<string, Cell<Json>>> | null;
}

/** What one INSERT/UPDATE/DELETE on a foreign table would do; nothing is written. */
export interface PreviewStatement<Json = JsonValue> {
  /**
   * The statement's 0-based index in the request's script (every statement counts, not only the
   * writes): `select 1; update t set n = 1` → 1. Absent from older servers: match by `sql` then.
   */
  readonly statementIndex?: number;
  readonly sql: string;
  /** `INSERT`, `UPDATE` or `DELETE`. */
  readonly command: string;
  /** Exactly how many rows (DynamoDB items) it would change, as its run would count them. */
  readonly rowCount: number;
  /** Up to 20 of those rows, before → after. */
  readonly sample: readonly PreviewRow<Json>[];
  /**
   * Write capacity: the table's writes plus one per secondary index whose entry changes (added,
   * removed, rewritten, or moved to another key: two), by KB rounded up over the attributes known
   * (an UPDATE's item as far as it was read); doubled inside a transaction block (TransactWriteItems).
   */
  readonly estimatedWcu: number;
  /** Inside a transaction block: the write would be held and applied at COMMIT, all or nothing. */
  readonly atomic: boolean;
  /** Whether the statement has a WHERE clause (a DELETE without one deletes every item). */
  readonly hasWhere: boolean;
  /**
   * Whether to ask before running it: an UPDATE or DELETE changing more than `confirmWritesOver`
   * rows, or a DELETE without WHERE.
   */
  readonly needsConfirmation: boolean;
  /** How the rows are found (its scans with estimated and consumed RCU) and the write (`plan.write`). */
  readonly plan: Plan;
  /** RCU the preview consumed: reading the rows, and looking up the items an INSERT would replace. */
  readonly consumedRcu: number;
}

/**
 * The answer of `POST /api/preview { sql, session? }`: for each INSERT/UPDATE/DELETE of the script on
 * a foreign table, in order, what it would change — run as it would run (in the session, seeing its
 * transaction block's held writes), its writes recorded instead of sent and its host changes rolled
 * back. Other statements are neither run nor listed. HTTP 200, or 400 with `error` when a statement
 * failed (`statements` then holds those before it).
 */
export interface WritePreviewResult<Json = JsonValue> {
  readonly statements: PreviewStatement<Json>[];
  /** The session's `dynascope.confirm_writes_over` (default 1). */
  readonly confirmWritesOver: number;
  error?: SqlError;
}

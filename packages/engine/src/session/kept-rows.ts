import { JsonText } from '@dynascope/contract';
import { as, kindOf, walk } from '../parse/ast';
import type { RowSource } from '../run/row-source';
import type { Cell } from '../types';

/** How much of an earlier statement's result a script keeps in memory before a later statement writes. */
export interface KeepLimits {
  readonly rows: number;
  readonly bytes: number;
}

export const KEEP_LIMITS: KeepLimits = { rows: 100_000, bytes: 64 * 1024 * 1024 };

const PAGE = 1000;

/**
 * Reads the rest of a cursor's rows into memory, so that a later statement of its script that writes
 * cannot change what the cursor answers (Postgres finishes a statement before the next one runs):
 * the source returned answers those rows, the capacity reading them took reported on its first page.
 * Past `limits` (rows exactly; bytes judged after each page) it stops (`kept: false`): the source
 * answers the rows read, then reads on.
 */
export async function keepRest(
  source: RowSource,
  limits: KeepLimits,
  signal?: AbortSignal,
): Promise<{ readonly source: RowSource; readonly kept: boolean }> {
  const rows: Cell[][] = [];
  let bytes = 0;
  let consumedRcu = 0;
  let done = false;
  while (!done && rows.length <= limits.rows && bytes <= limits.bytes) {
    // One row past the limit tells that there are more.
    const page = await source.next(Math.min(PAGE, limits.rows + 1 - rows.length), signal);
    for (const row of page.rows) {
      rows.push(row);
      bytes += rowBytes(row);
    }
    consumedRcu += page.consumedRcu;
    done = page.done;
  }
  return { source: keptSource(rows, consumedRcu, done ? null : source, source), kept: done };
}

/** The kept rows, then (`rest`) the source's own; closing closes the source. */
function keptSource(rows: Cell[][], consumedRcu: number, rest: RowSource | null, own: RowSource): RowSource {
  let offset = 0;
  let unreported = consumedRcu;
  return {
    async next(pageSize, signal) {
      if (offset >= rows.length && rest) return rest.next(pageSize, signal);
      const page = rows.slice(offset, offset + pageSize);
      offset += page.length;
      const rcu = unreported;
      unreported = 0;
      return { rows: page, done: offset >= rows.length && !rest, consumedRcu: rcu };
    },
    close: () => own.close(),
  };
}

/** A row's rough size in memory (two bytes a character, eight a number). */
function rowBytes(row: readonly Cell[]): number {
  let n = 16;
  for (const cell of row)
    n += typeof cell === 'string' ? 2 * cell.length : cell instanceof JsonText ? 2 * cell.text.length : 8;
  return n;
}

/**
 * Statements that neither write nor change what the rest of an earlier statement's rows evaluate to
 * (unless an INSERT, UPDATE, DELETE or MERGE sits inside).
 */
const LEAVES_ROWS = new Set([
  'SelectStmt',
  'VariableShowStmt',
  'ExplainStmt',
  'DeclareCursorStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'PrepareStmt',
  'DeallocateStmt',
  'ListenStmt',
  'UnlistenStmt',
  'NotifyStmt',
  'LockStmt',
  'ViewStmt',
  'CreateStmt',
  'VacuumStmt',
  'VariableSetStmt',
]);
/** Statements that write, also inside another (a data-modifying WITH, EXPLAIN ANALYZE EXECUTE p). */
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'ExecuteStmt', 'CallStmt']);

/**
 * Whether a statement may write to DynamoDB or change what an earlier statement's unread rows would
 * be: anything but a SELECT, SHOW, SET, EXPLAIN, cursor statement, PREPARE, LOCK, CREATE TABLE or
 * VIEW, ANALYZE and the like with no INSERT, UPDATE, DELETE, MERGE, EXECUTE or CALL inside, or a
 * transaction statement other than COMMIT. DISCARD ALL counts. A SET that changes what the rest's
 * expressions read (TimeZone, search_path) is let be: reading everything first for each SET of a
 * workbench script would cost more than it saves.
 *   'select * from t' → false   'with d as (delete from t returning *) select * from d' → true
 */
export function mayWrite(node: unknown): boolean {
  const kind = kindOf(node) ?? '';
  const transaction = as(node, 'TransactionStmt');
  // COMMIT sends a block's held writes; ROLLBACK must not fail (its later pages may: the temp tables
  // they read from are gone).
  if (transaction) return transaction.kind === 'TRANS_STMT_COMMIT';
  if (kind === 'DiscardStmt') return as(node, 'DiscardStmt')?.target !== 'DISCARD_PLANS';
  if (!LEAVES_ROWS.has(kind)) return true;
  let writes = false;
  walk(node, (k) => {
    if (WRITES.has(k)) writes = true;
    return !writes;
  });
  return writes;
}

import { stringifyLossless } from '@dynascope/contract';
import type { Cell, WirePlan, WirePreviewRow, WirePreviewStatement } from '../api/wire';
import { formatRcu } from '../format/format-cell';
import { statementShape } from '../sql/statement-kind';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const SCANS = new Set(['Scan', 'ParallelScan']);

/**
 * Whether to ask the API for a write preview (`POST /api/preview`) before running a script, from
 * its statements and their plans (/api/explain):
 * - `none`: no UPDATE or DELETE of a foreign table, its own or a data-modifying WITH query's (an
 *   INSERT never asks), so no preview;
 * - `preview`: preview them (reading the rows they change costs what the run's read costs);
 * - `too-expensive`: a write finds its rows with a Scan estimated above the cost guard's threshold:
 *   previewing it would read the table once more before the run reads it again, so the guard's
 *   own question (the Scan's cost, a write without WHERE) is asked instead.
 * `update orders set status = 'held' where customer_id = 'c1'` (a Query) → `preview`.
 */
export function previewNeed(
  statements: readonly { readonly sql: string; readonly plan: WirePlan | null }[],
  scanRcuThreshold: number,
): 'none' | 'preview' | 'too-expensive' {
  const writes = statements.filter(({ sql, plan }) => {
    // Its own UPDATE/DELETE or a data-modifying WITH query's (not EXPLAIN ANALYZE's: the API previews no EXPLAIN).
    const { command, write } = statementShape(sql);
    return (
      plan?.write && command !== 'EXPLAIN' && (write?.command === 'UPDATE' || write?.command === 'DELETE')
    );
  });
  if (writes.length === 0) return 'none';
  const expensive = writes.some(({ plan }) =>
    plan!.scans.some(
      (s) => SCANS.has(s.operation) && s.estimatedRcu !== null && s.estimatedRcu > scanRcuThreshold,
    ),
  );
  return expensive ? 'too-expensive' : 'preview';
}

const normalized = (sql: string) => sql.trim().replace(/;\s*$/, '').trim();

/**
 * The script statement (0-based, as split by the editor) each previewed statement is: the API lists
 * only the writes, in order, each with its index in the script (`statementIndex`). A preview without
 * it (an older API) is found by its text: the first later statement with that text, or the index
 * after the previous one's when none has it.
 *   ['select 1', 'update t set n = 1'] and a preview { statementIndex: 1 } → [1]
 *   ['select 1', 'update t set n = 1'] and a preview of 'update t set n = 1' (no index) → [1]
 */
export function previewIndexes(
  scriptStatements: readonly string[],
  previewed: readonly Pick<WirePreviewStatement, 'sql' | 'statementIndex'>[],
): number[] {
  const texts = scriptStatements.map(normalized);
  let from = 0;
  return previewed.map(({ sql, statementIndex }) => {
    const at = statementIndex ?? texts.indexOf(normalized(sql), from);
    const index = at === -1 ? from : at;
    from = index + 1;
    return index;
  });
}

/** The columns of a statement's sample, in the order they first appear (before, then after). */
export function previewColumns(statement: Pick<WirePreviewStatement, 'sample'>): string[] {
  const columns = new Set<string>();
  for (const row of statement.sample) {
    for (const name of Object.keys(row.before ?? {})) columns.add(name);
    for (const name of Object.keys(row.after ?? {})) columns.add(name);
  }
  return [...columns];
}

const same = (a: Cell | undefined, b: Cell | undefined) =>
  stringifyLossless(a ?? null) === stringifyLossless(b ?? null);

/**
 * The columns a row's write changes: for an UPDATE the cells whose value differs (numbers compared
 * by their digits), none for an INSERT of a new item or a DELETE (the row is new or gone as a whole),
 * and for an INSERT that replaces an item the cells it rewrites differently.
 */
export function changedColumns(row: WirePreviewRow): Set<string> {
  const changed = new Set<string>();
  if (!row.before || !row.after) return changed;
  for (const name of new Set([...Object.keys(row.before), ...Object.keys(row.after)]))
    if (!same(row.before[name], row.after[name])) changed.add(name);
  return changed;
}

/**
 * How many existing items an INSERT replaces (a row whose `before` is the item there now), when
 * any: exact when the sample holds every row, else as counted in the sample; null otherwise.
 *   2 rows, both shown, one with a before → "replaces 1 existing item"
 */
export function replacedText(
  statement: Pick<WirePreviewStatement, 'command' | 'sample' | 'rowCount'>,
): string | null {
  if (statement.command !== 'INSERT') return null;
  const replaced = statement.sample.filter((r) => r.before !== null).length;
  const shown = statement.sample.length;
  if (replaced === 0) return null;
  return shown >= statement.rowCount
    ? `replaces ${plural(replaced, 'existing item')}`
    : `${replaced.toLocaleString('en-US')} of the first ${plural(shown, 'row')} replace an existing item`;
}

/** Which sides of a row a statement's preview shows: a DELETE the row before, an INSERT the row after. */
export function previewSides(command: string): { readonly before: boolean; readonly after: boolean } {
  return { before: command !== 'INSERT', after: command !== 'DELETE' };
}

/**
 * One line for a previewed statement: what it changes, exactly, and where (without a WHERE clause,
 * in the cost guard's words for it).
 *   UPDATE of 12 rows of public.orders → "Changes 12 rows of public.orders (DynamoDB table orders)."
 *   delete from users → "DELETE without a WHERE clause deletes every item of public.users (DynamoDB table users): 1,000 rows."
 */
export function previewHeadline(statement: WirePreviewStatement): string {
  const write = statement.plan.write;
  const where = write ? ` of ${write.relation} (DynamoDB table ${write.table})` : '';
  const rows = plural(statement.rowCount, 'row');
  const { command } = statement;
  if (command === 'INSERT') return `Inserts ${rows} into ${write?.relation ?? 'the table'}.`;
  const deletes = command === 'DELETE';
  if (!statement.hasWhere)
    return `${command} without a WHERE clause ${deletes ? 'deletes' : 'changes'} every item${where}: ${rows}.`;
  return `${deletes ? 'Deletes' : 'Changes'} ${rows}${where}.`;
}

/**
 * The cost and manner of a previewed write: its estimated WCU, atomic (held until COMMIT, one
 * TransactWriteItems) or batched, and the RCU its read took to find the rows.
 */
export function previewFacts(statement: WirePreviewStatement): string[] {
  const facts = [`~${formatRcu(statement.estimatedWcu)} WCU estimated`];
  facts.push(
    statement.atomic
      ? 'atomic: held until COMMIT, applied all or nothing'
      : 'batched as it runs, not atomic (outside BEGIN … COMMIT)',
  );
  const read = statement.plan.scans.map((s) => `${s.operation} of ${s.table}`).join(', ');
  const rcu = `${formatRcu(statement.consumedRcu)} RCU`;
  facts.push(
    read
      ? `finding the rows (${read}) read ${rcu}`
      : statement.command === 'INSERT'
        ? `looking up the items it would replace read ${rcu}`
        : `finding the rows read ${rcu}`,
  );
  return facts;
}

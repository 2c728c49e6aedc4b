import { splitStatements, statementAt } from './split-statements';

/** The SQL to send and where it starts in the editor text (for highlighting and error markers). */
export interface RunTarget {
  readonly sql: string;
  readonly base: number;
}

/**
 * What Ctrl+Enter / Shift+Enter runs: `all` → from the first statement to the end of the last;
 * `current` → a non-blank selection as typed, else the statement under the cursor.
 * `('select 1; select 2', null, 12, 'current')` → `{ sql: 'select 2', base: 10 }`.
 */
export function runTarget(
  text: string,
  selection: { readonly start: number; readonly end: number } | null,
  cursor: number,
  mode: 'current' | 'all',
): RunTarget | null {
  const spans = splitStatements(text);
  if (mode === 'all') {
    if (!spans.length) return null;
    return { sql: text.slice(spans[0]!.start, spans[spans.length - 1]!.end), base: spans[0]!.start };
  }
  if (selection && selection.end > selection.start) {
    const sql = text.slice(selection.start, selection.end);
    if (sql.trim()) return { sql, base: selection.start };
  }
  const span = statementAt(spans, cursor);
  return span ? { sql: span.text, base: span.start } : null;
}

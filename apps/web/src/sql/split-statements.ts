import { scanSql } from './scan-sql';

/** One statement of a script, trimmed, with its 0-based offsets in the script. */
export interface StatementSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a script at top-level semicolons; `;` inside strings, quoted identifiers, dollar quotes
 * and comments does not split. Spans holding only comments/whitespace are dropped.
 * `select 1; select 'a;b'` → [{text:'select 1',start:0,end:8}, {text:"select 'a;b'",start:10,end:22}]
 */
export function splitStatements(sql: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let first = -1;
  let last = -1;
  const flush = (): void => {
    if (first !== -1) spans.push({ text: sql.slice(first, last), start: first, end: last });
    first = -1;
    last = -1;
  };
  for (const token of scanSql(sql)) {
    if (token.kind === 'punct' && token.text === ';') {
      flush();
      continue;
    }
    if (token.kind === 'space' || token.kind === 'comment') continue;
    if (first === -1) first = token.start;
    last = token.end;
  }
  flush();
  return spans;
}

/**
 * The statement the cursor is in or right after (cursor at the end of `select 1;|` picks it);
 * on a blank line between statements, the nearest one before the cursor, else the first after.
 */
export function statementAt(spans: readonly StatementSpan[], offset: number): StatementSpan | null {
  const inside = spans.find((s) => offset >= s.start && offset <= s.end);
  if (inside) return inside;
  let before: StatementSpan | null = null;
  for (const span of spans) {
    if (span.end < offset) before = span;
    else return before ?? span;
  }
  return before;
}

/** Statements overlapping a selection [start, end). */
export function statementsIn(spans: readonly StatementSpan[], start: number, end: number): StatementSpan[] {
  return spans.filter((s) => s.start < end && s.end > start);
}

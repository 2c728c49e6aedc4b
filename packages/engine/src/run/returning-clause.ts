import { applySplices, type Splice, type Spliced } from '../bind/splice';
import { scanTokens } from '../parse/parse';

/** A write statement's text cut before its tail: ON CONFLICT (an INSERT's) and RETURNING. */
export interface StatementTail {
  /** The statement before its ON CONFLICT or RETURNING clause. */
  readonly head: string;
  /** The RETURNING list as written, and where it starts in the statement (a string index); null without one. */
  readonly returning: {
    readonly text: string;
    readonly start: number;
    /** Where the word RETURNING stands (a string index). */
    readonly clause: number;
  } | null;
}

/**
 * Where a write statement's RETURNING list stands, so that the host SQL made of it maps a host
 * error's position back into the statement (Postgres points at the offending token).
 *   `insert into t values (1) on conflict do nothing returning n / 0`
 *   → head `insert into t values (1)`, returning { text: 'n / 0', start: 58, clause: 48 }
 *   `delete from t returning with (old as o) o.n` → returning { text: 'o.n', start: 40, clause: 14 }
 */
export function statementTail(text: string, isInsert: boolean): StatementTail {
  const tokens = scanTokens(text).filter((t) => !t.tokenName.endsWith('COMMENT'));
  let depth = 0;
  // The head ends with its last token: a comment after it would hide what the engine adds.
  let headEnd: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && isInsert && /^on$/i.test(t.text) && /^conflict$/i.test(tokens[i + 1]?.text ?? ''))
      headEnd ??= tokens[i - 1]?.end ?? 0;
    else if (depth === 0 && /^returning$/i.test(t.text)) {
      // Postgres 18's `RETURNING WITH (OLD AS o, NEW AS n)` stays before the list.
      const list =
        /^with$/i.test(tokens[i + 1]?.text ?? '') && tokens[i + 2]?.text === '('
          ? afterParens(tokens, i + 2)
          : i + 1;
      const start = tokens[list]?.start ?? t.end;
      return {
        head: text.slice(0, headEnd ?? tokens[i - 1]?.end ?? 0),
        returning: { text: text.slice(start, tokens.at(-1)!.end), start, clause: t.start },
      };
    }
  }
  return { head: text.slice(0, headEnd ?? tokens.at(-1)?.end ?? 0), returning: null };
}

/** The index of the token after the parenthesized list opening at `open`. */
function afterParens(tokens: readonly { text: string }[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/**
 * The splice putting the engine's own columns first in the statement's RETURNING list (adding one
 * after the head when it has none), the user's columns after them where they stand:
 *   (`delete from t where k = 1 returning n`, ['t.ctid::text']) → `delete from t where k = 1 returning t.ctid::text, n`
 */
export function engineColumnsFirst(tail: StatementTail, columns: readonly string[]): Splice {
  const list = columns.join(', ');
  return tail.returning
    ? { start: tail.returning.start, end: tail.returning.start, replacement: `${list}, ` }
    : { start: tail.head.length, end: tail.head.length, replacement: ` returning ${list}` };
}

/**
 * The statement's RETURNING list alone, between `before` and `after` (the rest of the statement cut
 * away), with positions mapped back to the statement: an INSERT's RETURNING evaluated over its rows.
 *   `insert into t values (1) returning n / 0`, 'select ', ' from pg_temp.t' → `select n / 0 from pg_temp.t`
 */
export function returningAlone(
  text: string,
  returning: NonNullable<StatementTail['returning']>,
  before: string,
  after: string,
): Spliced {
  const end = returning.start + returning.text.length;
  return applySplices(text, [
    { start: 0, end: returning.start, replacement: before },
    { start: end, end: text.length, replacement: ` ${after}` },
  ]);
}

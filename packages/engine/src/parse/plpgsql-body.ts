import { parsePlPgSQLSync } from 'libpg-query';
import { EngineError, SqlState } from '../errors';
import { kindOf } from './ast';
import { scanTokens } from './parse';

/**
 * One piece of SQL a PL/pgSQL body runs: a statement (`select ... into t from orders`, `perform ...`,
 * `call p()`), or an expression (`t + 1`, an IF's condition, a RAISE parameter), as Postgres's
 * PL/pgSQL compiler cuts it out of the body.
 */
export interface PlpgsqlSql {
  /** What the core parser can read: the statement, or `SELECT <expression>`. */
  readonly sql: string;
  /** Characters of `sql` that are not the body's own (`SELECT ` before an expression). */
  readonly prefix: number;
  /** Where `sql.slice(prefix)` stands in the body; -1 when the compiler built text the body does not hold. */
  readonly at: number;
  /** The body's line the piece is on (1 = the body's first). */
  readonly line: number;
}

/** A construct whose SQL is only known when it runs (EXECUTE and its kin). */
export interface PlpgsqlDynamic {
  readonly construct: string;
  readonly line: number;
}

export interface PlpgsqlBody {
  readonly body: string;
  /** Where the body's character i is in the statement's text, or null when the literal is written otherwise. */
  readonly inStatement: ((i: number) => number) | null;
  readonly pieces: readonly PlpgsqlSql[];
  readonly dynamic: readonly PlpgsqlDynamic[];
  /** Statement kinds this module does not know (a newer PL/pgSQL's): nothing about them is checked. */
  readonly unknown: readonly { readonly kind: string; readonly line: number }[];
  /** The offset of a body line's first character. */
  readonly lineStart: (line: number) => number;
}

/** The PL/pgSQL statements there are (PostgreSQL 18's pl_gram.y); the dynamic ones are refused by their callers. */
const KNOWN_STATEMENTS = new Set(
  [
    'block',
    'assign',
    'if',
    'case',
    'loop',
    'while',
    'fori',
    'fors',
    'forc',
    'foreach_a',
    'exit',
    'return',
    'return_next',
    'return_query',
    'raise',
    'assert',
    'execsql',
    'dynexecute',
    'dynfors',
    'getdiag',
    'open',
    'fetch',
    'close',
    'perform',
    'call',
    'commit',
    'rollback',
  ].map((k) => `PLpgSQL_stmt_${k}`),
);

const DYNAMIC: Record<string, string> = {
  PLpgSQL_stmt_dynexecute: 'EXECUTE',
  PLpgSQL_stmt_dynfors: 'FOR ... IN EXECUTE',
  PLpgSQL_stmt_open: 'OPEN ... FOR EXECUTE',
  PLpgSQL_stmt_return_query: 'RETURN QUERY EXECUTE',
};

/**
 * The SQL a PL/pgSQL body (of this CREATE FUNCTION/PROCEDURE or DO statement) runs, read with
 * Postgres's own PL/pgSQL compiler (libpg-query's parsePlPgSQL):
 *   create function f(c text) returns numeric language plpgsql as $$
 *   declare t numeric; begin select sum(total) into t from orders where cid = c; return t + 1; end $$
 *   → pieces `select sum(total)        from orders where cid = c` (the INTO clause blanked, at its place
 *     in the body) and `SELECT t + 1` (prefix 7); `execute 'set ...'` → dynamic EXECUTE.
 * A body the compiler refuses is a 42601 with its message (Postgres says the same at CREATE).
 */
export function plpgsqlBody(statement: string, body: string): PlpgsqlBody {
  let parsed: unknown;
  try {
    parsed = parsePlPgSQLSync(statement);
  } catch (e) {
    throw new EngineError(SqlState.syntaxError, (e as Error).message);
  }
  const fn = (parsed as { plpgsql_funcs?: unknown[] }).plpgsql_funcs?.[0];
  if (kindOf(fn) !== 'PLpgSQL_function')
    throw new EngineError(SqlState.syntaxError, 'no PL/pgSQL body found');
  const found: { query: string; mode: number; line: number; perform: boolean }[] = [];
  const dynamic: PlpgsqlDynamic[] = [];
  const unknown: { kind: string; line: number }[] = [];
  const visit = (value: unknown, line: number, parent: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, line, parent);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    const here = typeof o.lineno === 'number' && o.lineno > 0 ? o.lineno : line;
    for (const [key, child] of Object.entries(o)) {
      if (key === 'PLpgSQL_expr') {
        const e = child as { query?: string; parseMode?: number };
        found.push({
          query: e.query ?? '',
          mode: e.parseMode ?? 0,
          line: here,
          perform: parent === 'PLpgSQL_stmt_perform',
        });
        continue;
      }
      if (key.startsWith('PLpgSQL_stmt_')) {
        const inner = child as Record<string, unknown>;
        const at = typeof inner.lineno === 'number' ? inner.lineno : here;
        if (!KNOWN_STATEMENTS.has(key)) unknown.push({ kind: key, line: at });
        if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors' || 'dynquery' in inner)
          dynamic.push({ construct: DYNAMIC[key] ?? 'EXECUTE', line: at });
      }
      visit(child, here, key.startsWith('PLpgSQL_') ? key : parent);
    }
  };
  visit(fn, 1, '');
  const lines = [0];
  for (let i = 0; i < body.length; i++) if (body[i] === '\n') lines.push(i + 1);
  const lineStart = (line: number) => lines[Math.min(Math.max(line, 1), lines.length) - 1]!;
  const starts = tokenStarts(body);
  const claimed = new Set<number>();
  const pieces = found.map((f): PlpgsqlSql => {
    const { sql, prefix, own } = sqlOf(f.query, f.mode, f.perform);
    const at = locate(body, own, lineStart(f.line), starts, claimed);
    if (at >= 0) claimed.add(at);
    return Object.freeze({ sql, prefix, at, line: f.line });
  });
  return Object.freeze({
    body,
    inStatement: literalOffsets(statement, body),
    pieces: Object.freeze(pieces),
    dynamic: Object.freeze(dynamic),
    unknown: Object.freeze(unknown),
    lineStart,
  });
}

/**
 * What the core parser reads for a piece, by the compiler's parse mode (RawParseMode): 0 a statement
 * (PERFORM's text starts `SELECT` in place of the keyword), 2 an expression, 3–5 an assignment
 * `target := expression`, read as `SELECT target , expression`. `own`: the text the body holds
 * (`sql` past its prefix, but with the assignment's `:=`).
 */
function sqlOf(query: string, mode: number, perform: boolean): { sql: string; prefix: number; own: string } {
  const lead = (s: string, from: number) => from + (/^\s*/.exec(s.slice(from))?.[0].length ?? 0);
  if (mode === 0) {
    const prefix = lead(query, perform ? 'SELECT'.length : 0);
    return { sql: query, prefix, own: query.slice(prefix) };
  }
  let text = query;
  if (mode >= 3) {
    let depth = 0;
    for (const t of scanTokens(query)) {
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') depth--;
      else if (depth === 0 && (t.text === ':=' || t.text === '=')) {
        text = query.slice(0, t.start) + ','.padEnd(t.end - t.start) + query.slice(t.end);
        break;
      }
    }
  }
  const sql = `SELECT ${text}`;
  const prefix = lead(sql, 'SELECT '.length);
  return { sql, prefix, own: query.slice(prefix - 'SELECT '.length) };
}

/**
 * Where a piece's text starts in the body: the first unclaimed token start on or after its line where
 * every character matches, blanks in the piece matching anything (the compiler blanks an INTO clause).
 */
function locate(
  body: string,
  text: string,
  from: number,
  starts: ReadonlySet<number>,
  claimed: ReadonlySet<number>,
): number {
  const trimmed = text.trimEnd();
  if (!trimmed) return -1;
  for (let i = from; i + trimmed.length <= body.length; i++) {
    if (!starts.has(i) || claimed.has(i) || body[i] !== trimmed[0]) continue;
    let j = 1;
    while (j < trimmed.length && (/\s/.test(trimmed[j]!) || body[i + j] === trimmed[j])) j++;
    if (j === trimmed.length) return i;
  }
  return -1;
}

function tokenStarts(body: string): Set<number> {
  try {
    return new Set(scanTokens(body).map((t) => t.start));
  } catch {
    return new Set();
  }
}

/**
 * The body's offsets in the statement, when its literal is `$tag$...$tag$` or `'...'` (quotes doubled):
 * `do $$ begin end $$`, body ` begin end ` → i ↦ i + 5.
 */
function literalOffsets(statement: string, body: string): ((i: number) => number) | null {
  let tokens;
  try {
    tokens = scanTokens(statement);
  } catch {
    return null;
  }
  for (const t of tokens) {
    if (t.tokenName !== 'SCONST') continue;
    const literal = statement.slice(t.start, t.end);
    const tag = /^\$[^$]*\$/.exec(literal)?.[0];
    if (tag) {
      if (literal.slice(tag.length, literal.length - tag.length) === body)
        return (i) => t.start + tag.length + i;
      continue;
    }
    if (!literal.startsWith("'") || literal.slice(1, -1).replace(/''/g, "'") !== body) continue;
    const at: number[] = [];
    for (let j = 1; j < literal.length - 1; j++) {
      at.push(t.start + j);
      if (literal[j] === "'") j++;
    }
    return (i) => at[i] ?? t.end - 1;
  }
  return null;
}

/**
 * A statement's tokens as far as the wire protocol needs them: words (keywords and names, lower
 * case), `$n` parameters and single punctuation characters; string constants, quoted names,
 * dollar-quoted bodies and comments are each one token that no rule looks into, as Postgres's lexer
 * keeps a `$1` in them from being a parameter.
 *   `explain select * from t where a = $1 -- $2` → explain, select, *, from, t, where, a, =, $1
 */
export interface SqlToken {
  readonly kind: 'word' | 'param' | 'quoted' | 'other';
  /** A word in lower case; anything else as written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Letters, digits, `_` and `$` continue a name (Postgres's ident_cont, any non-ASCII character included). */
const NAME_START = /[A-Za-z_\u0080-\uffff]/;
const NAME_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlToken['kind'], start: number, end: number) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text: kind === 'word' ? text.toLowerCase() : text, start, end });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (sql.startsWith('--', i)) i = lineEnd(sql, i);
    else if (sql.startsWith('/*', i)) i = commentEnd(sql, i);
    else if (c === "'") push('quoted', i, stringEnd(sql, i, isEscapeString(sql, i)));
    else if (c === '"') push('quoted', i, quotedEnd(sql, i, '"'));
    else if (c === '$' && /\d/.test(sql[i + 1] ?? '')) push('param', i, digitsEnd(sql, i + 1));
    else if (c === '$' && DOLLAR_TAG.test(sql.slice(i))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      push('quoted', i, close < 0 ? sql.length : close + tag.length);
    } else if (NAME_START.test(c)) push('word', i, partEnd(sql, i, NAME_PART));
    else if (/\d/.test(c)) push('other', i, partEnd(sql, i, /[0-9A-Za-z_.]/));
    else push('other', i, i + 1);
  }
  return tokens;
}

/** The highest `$n` a statement refers to (0: none). */
export function highestParameter(tokens: readonly SqlToken[]): number {
  return tokens.reduce((n, t) => (t.kind === 'param' ? Math.max(n, Number(t.text.slice(1))) : n), 0);
}

/** `E'...'` (or `e'...'`): backslash escapes a quote in it. */
function isEscapeString(sql: string, quote: number): boolean {
  return /[eE]/.test(sql[quote - 1] ?? '') && !NAME_PART.test(sql[quote - 2] ?? '');
}

function stringEnd(sql: string, start: number, backslashes: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (backslashes && sql[i] === '\\') i++;
    else if (sql[i] === "'") {
      if (sql[i + 1] !== "'") return i + 1;
      i++;
    }
  }
  return sql.length;
}

function quotedEnd(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++)
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i++;
    }
  return sql.length;
}

function lineEnd(sql: string, start: number): number {
  const nl = sql.indexOf('\n', start);
  return nl < 0 ? sql.length : nl + 1;
}

/** The end of a `/* ... *\/` comment, nested ones included. */
function commentEnd(sql: string, start: number): number {
  let depth = 0;
  for (let i = start; i < sql.length; i++) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i++;
    } else if (sql.startsWith('*/', i)) {
      i++;
      if (--depth === 0) return i + 1;
    }
  }
  return sql.length;
}

function digitsEnd(sql: string, start: number): number {
  return partEnd(sql, start, /\d/);
}

function partEnd(sql: string, start: number, part: RegExp): number {
  let i = start + 1;
  while (i < sql.length && part.test(sql[i]!)) i++;
  return i;
}

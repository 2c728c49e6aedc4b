/**
 * A small Postgres-aware lexer: it knows where strings, quoted identifiers, dollar quotes and
 * comments start and end, which is all statement splitting and keyword checks need.
 */
export type SqlTokenKind = 'word' | 'quoted-ident' | 'string' | 'number' | 'comment' | 'punct' | 'space';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly text: string;
  /** 0-based offset of the first character. */
  readonly start: number;
  /** 0-based offset one past the last character. */
  readonly end: number;
}

const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** Tokenises SQL text; unterminated strings and comments run to the end of the text. */
export function scanSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: SqlTokenKind, start: number, end: number): void => {
    tokens.push({ kind, text: sql.slice(start, end), start, end });
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    const start = i;
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(sql[i]!)) i++;
      push('space', start, i);
    } else if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      push('comment', start, i);
    } else if (c === '/' && next === '*') {
      // Postgres block comments nest.
      let depth = 0;
      while (i < n) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      push('comment', start, i);
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") {
          i++;
          break;
        } else i++;
      }
      push('string', start, Math.min(i, n));
    } else if (c === '"') {
      i++;
      while (i < n) {
        if (sql[i] === '"' && sql[i + 1] === '"') i += 2;
        else if (sql[i] === '"') {
          i++;
          break;
        } else i++;
      }
      push('quoted-ident', start, i);
    } else if (c === '$' && ((DOLLAR_TAG.lastIndex = i), DOLLAR_TAG.test(sql))) {
      const tag = sql.slice(i, DOLLAR_TAG.lastIndex);
      const close = sql.indexOf(tag, DOLLAR_TAG.lastIndex);
      i = close === -1 ? n : close + tag.length;
      push('string', start, i);
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      while (i < n && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[i]!)) i++;
      push('word', start, i);
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      while (i < n && /[0-9.eE]/.test(sql[i]!)) i++;
      push('number', start, i);
    } else {
      i++;
      push('punct', start, i);
    }
  }
  return tokens;
}

/** Tokens that carry meaning (no whitespace, no comments). */
export function meaningfulTokens(sql: string): SqlToken[] {
  return scanSql(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

import { EngineError, SqlState } from '../errors';
import { scanTokens } from '../parse/parse';

/**
 * Cutting a statement's text by its tokens, where the engine runs part of what the user wrote (the
 * text surgery that is not a splice, see splice.ts).
 */

/**
 * The query after a statement's own head: `... AS <query>` (PREPARE, CREATE MATERIALIZED VIEW) or
 * `... FOR <query>` (DECLARE); the first such word outside parentheses.
 *   `prepare q (text) as select $1` → { text: 'select $1', start: 20 }
 */
export function innerQuery(text: string, keyword: 'as' | 'for'): { text: string; start: number } {
  const tokens = scanTokens(text);
  let depth = 0;
  for (const [i, t] of tokens.entries()) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text.toLowerCase() === keyword) {
      const start = tokens[i + 1]?.start ?? text.length;
      return { text: text.slice(start), start };
    }
  }
  throw new EngineError(SqlState.syntaxError, `expected ${keyword.toUpperCase()} before the query`);
}

/** Where the explained statement starts: after `EXPLAIN`, an option list and ANALYZE/VERBOSE words. */
export function explainedQueryStart(text: string): number {
  const tokens = scanTokens(text);
  let i = 1;
  if (tokens[i]?.text === '(') {
    let depth = 0;
    for (; i < tokens.length; i++) {
      if (tokens[i]!.text === '(') depth++;
      if (tokens[i]!.text === ')' && --depth === 0) break;
    }
    i++;
  }
  while (tokens[i] && /^(analyze|analyse|verbose)$/i.test(tokens[i]!.text)) i++;
  return tokens[i]?.start ?? text.length;
}

/** The statement without its trailing LIMIT/OFFSET/FETCH (the streaming source applies them). */
export function withoutLimit(text: string): string {
  let depth = 0;
  for (const t of scanTokens(text)) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && /^(limit|offset|fetch)$/i.test(t.text)) return text.slice(0, t.start);
  }
  return text;
}

/**
 * Where each of EXECUTE's arguments is in its text, from its first token to its last, the list cut
 * at its own commas (an argument's tree does not locate a call's parentheses, `now()`):
 *   `execute q(now(), 'a')` → [{ start: 10, end: 15 }, { start: 17, end: 20 }]
 */
export function executeArguments(text: string): { start: number; end: number }[] {
  // Comments are not part of an argument: `p(1 -- c\n, 2)` spliced as `(1 -- c)` would lose its `)`.
  const tokens = scanTokens(text).filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
  const open = tokens.findIndex((t) => t.text === '(');
  if (open < 0) return [];
  const args: { start: number; end: number }[] = [];
  let depth = 0;
  let first = open + 1;
  for (let i = first; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (t === '(' || t === '[') depth++;
    else if ((t === ')' || t === ']') && depth > 0) depth--;
    else if ((t === ',' || t === ')') && depth === 0) {
      if (i > first) args.push({ start: tokens[first]!.start, end: tokens[i - 1]!.end });
      if (t === ')') break;
      first = i + 1;
    }
  }
  return args;
}

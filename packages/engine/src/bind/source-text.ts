import type { ScanToken } from 'libpg-query';
import { walk } from '../parse/ast';

/**
 * The SQL text of an expression node, recovered from the statement's tokens: from its first to its
 * last located token, with parentheses balanced. Used for pushed/residual lists in plans.
 */
export function nodeText(text: string, tokens: readonly ScanToken[], node: unknown): string {
  let min = Infinity;
  let max = -Infinity;
  walk(node, (_kind, fields) => {
    const loc = fields.location;
    if (typeof loc === 'number' && loc >= 0) {
      min = Math.min(min, loc);
      max = Math.max(max, loc);
    }
  });
  if (min === Infinity) return '';
  let i = tokens.findIndex((t) => t.start >= min);
  let j = tokens.findIndex((t) => t.start >= max);
  if (i < 0) return text.slice(min).trim();
  if (j < 0) j = tokens.length - 1;
  for (;;) {
    const next = tokens[j + 1]?.text ?? '';
    // `x IS [NOT] NULL`, `b IS TRUE`: the last located node is IS; its keywords follow it.
    if (/^(is|not|null|true|false|unknown)$/i.test(next)) j++;
    // `d.category`: a ColumnRef is located at its first name.
    else if (next === '.' && tokens[j + 2]) j += 2;
    else break;
  }
  let depth = 0;
  for (let k = i; k <= j; k++) depth += tokens[k]!.text === '(' ? 1 : tokens[k]!.text === ')' ? -1 : 0;
  while (depth > 0 && j + 1 < tokens.length) {
    j++;
    depth += tokens[j]!.text === '(' ? 1 : tokens[j]!.text === ')' ? -1 : 0;
  }
  while (depth < 0 && i > 0) {
    i--;
    depth += tokens[i]!.text === '(' ? 1 : tokens[i]!.text === ')' ? -1 : 0;
  }
  return text.slice(tokens[i]!.start, tokens[j]!.end);
}

/** The end of a (possibly qualified, possibly quoted) name starting at `start`: `"a"."B" x` → after `"B"`. */
export function qualifiedNameEnd(tokens: readonly ScanToken[], start: number): number {
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return start;
  while (tokens[i + 1]?.text === '.' && tokens[i + 2]) i += 2;
  return tokens[i]!.end;
}

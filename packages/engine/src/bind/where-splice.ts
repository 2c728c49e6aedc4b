import type { ScanToken } from 'libpg-query';
import type { Splice } from './splice';

/** Clauses that may follow a WHERE clause at the top level of a SELECT, UPDATE or DELETE. */
const AFTER_WHERE = /^(group|having|window|order|limit|offset|fetch|for|returning|union|intersect|except)$/i;

/**
 * Splices that AND conditions onto a statement's own WHERE clause (not a subquery's), adding one if
 * there is none: `select a from t where x or y order by a` + `p` → `select a from t where (x or y) AND (p) order by a`.
 */
export function andWhereSplices(tokens: readonly ScanToken[], conditions: readonly string[]): Splice[] {
  if (!conditions.length || !tokens.length) return [];
  const added = conditions.map((c) => `(${c})`).join(' AND ');
  let depth = 0;
  let where = -1;
  let next = -1;
  for (let i = 0; i < tokens.length && next < 0; i++) {
    const t = tokens[i]!.text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (depth === 0 && where < 0 && /^where$/i.test(t)) where = i;
    else if (depth === 0 && AFTER_WHERE.test(t)) next = i;
  }
  const last = tokens[tokens.length - 1]!.text === ';' ? tokens.length - 2 : tokens.length - 1;
  const clauseEnd = tokens[next >= 0 ? next - 1 : last]!.end;
  if (where < 0) return [{ start: clauseEnd, end: clauseEnd, replacement: ` WHERE ${added}` }];
  const start = tokens[where + 1]!.start;
  // The opening parenthesis goes first: a splice replacing the clause's first name starts there too.
  return [
    { start, end: start, replacement: '(' },
    { start: clauseEnd, end: clauseEnd, replacement: `) AND ${added}` },
  ];
}

import { meaningfulTokens } from './scan-sql';

/** What the cost guard needs to know about a statement's text. */
export interface StatementShape {
  /** First keyword of the statement proper (after a WITH clause), upper-cased: SELECT, UPDATE, ... */
  readonly command: string;
  /** For UPDATE/DELETE: whether the statement has a top-level WHERE. */
  readonly hasWhere: boolean;
}

/**
 * Reads the command and whether a top-level WHERE exists, skipping parenthesised parts
 * (CTE bodies, subqueries). `with x as (select 1 where true) delete from t` → DELETE, no WHERE.
 */
export function statementShape(sql: string): StatementShape {
  let depth = 0;
  let command = '';
  let hasWhere = false;
  let afterWith = false;
  for (const token of meaningfulTokens(sql)) {
    if (token.kind === 'punct') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0 || token.kind !== 'word') continue;
    const word = token.text.toUpperCase();
    if (!command) {
      if (word === 'WITH') {
        afterWith = true;
        continue;
      }
      if (afterWith && !['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'TABLE'].includes(word))
        continue;
      command = word;
      continue;
    }
    if (word === 'WHERE') hasWhere = true;
  }
  return { command, hasWhere };
}

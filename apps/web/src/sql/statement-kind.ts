import { meaningfulTokens, type SqlToken } from './scan-sql';

/** A write a statement makes, and whether it has a top-level WHERE (UPDATE/DELETE). */
export interface StatementWrite {
  readonly command: 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE';
  readonly hasWhere: boolean;
}

/** What the cost guard needs to know about a statement's text. */
export interface StatementShape {
  /** First keyword of the statement proper (after a WITH clause), upper-cased: SELECT, UPDATE, EXPLAIN, ... */
  readonly command: string;
  /** For UPDATE/DELETE: whether the statement has a top-level WHERE. */
  readonly hasWhere: boolean;
  /**
   * The write running the statement makes: its own INSERT/UPDATE/DELETE/MERGE, else its first
   * data-modifying WITH query's, or EXPLAIN ANALYZE's statement's; null: none.
   */
  readonly write: StatementWrite | null;
  /**
   * What running it may do to DynamoDB: `none` (nothing: SET, BEGIN, DDL, EXPLAIN without ANALYZE),
   * `plan` (what /api/explain's plan of it says: a query, DML, EXPLAIN ANALYZE, EXECUTE, CREATE TABLE
   * AS, COPY, DECLARE, DO, CALL) or `opaque` (may read what no plan shows: REFRESH MATERIALIZED VIEW).
   */
  readonly reach: 'none' | 'plan' | 'opaque';
}

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
const QUERIES = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'TABLE']);
/** Statements that never read or write DynamoDB (what `plan` statements do is their plan's to say). */
const NO_REACH = new Set([
  '',
  'SET',
  'SHOW',
  'RESET',
  'BEGIN',
  'START',
  'COMMIT',
  'END',
  'ROLLBACK',
  'ABORT',
  'SAVEPOINT',
  'RELEASE',
  'PREPARE',
  'DEALLOCATE',
  'CLOSE',
  'DISCARD',
  'ALTER',
  'DROP',
  'GRANT',
  'REVOKE',
  'COMMENT',
  'IMPORT',
  'LISTEN',
  'UNLISTEN',
  'NOTIFY',
]);

/**
 * Reads the command, whether a top-level WHERE exists (skipping parenthesised parts: CTE bodies,
 * subqueries), the write it makes and whether it may reach DynamoDB:
 *   `with x as (select 1 where true) delete from t` → DELETE, no WHERE, write DELETE
 *   `with u as (update t set n = 1 returning *) select * from u` → SELECT, write UPDATE without WHERE
 *   `explain analyze delete from t where id = 1` → EXPLAIN, write DELETE with WHERE, reach plan
 *   `explain select * from t` → EXPLAIN, no write, reach none;  `refresh materialized view v` → opaque
 */
export function statementShape(sql: string): StatementShape {
  return shapeOf(meaningfulTokens(sql));
}

function shapeOf(tokens: readonly SqlToken[]): StatementShape {
  const first = word(tokens[0]);
  if (first === 'EXPLAIN') return explainShape(tokens);
  let depth = 0;
  let command = '';
  let hasWhere = false;
  let afterWith = false;
  /** The data-modifying WITH queries, and the one being read (its body is at depth 1). */
  const ctes: { command: StatementWrite['command']; hasWhere: boolean }[] = [];
  let inCte: { command: string; hasWhere: boolean } | null = null;
  let cteOpen = false;
  for (const token of tokens) {
    if (token.kind === 'punct') {
      if (token.text === '(') {
        depth++;
        if (afterWith && !command && depth === 1) cteOpen = true;
      } else if (token.text === ')') {
        depth = Math.max(0, depth - 1);
        if (depth === 0 && inCte) {
          if (WRITES.has(inCte.command)) ctes.push(inCte as (typeof ctes)[number]);
          inCte = null;
        }
        cteOpen = false;
      }
      continue;
    }
    if (token.kind !== 'word') continue;
    const w = token.text.toUpperCase();
    if (depth === 1 && afterWith && !command) {
      if (cteOpen) {
        inCte = { command: w, hasWhere: false };
        cteOpen = false;
      } else if (inCte && w === 'WHERE') inCte.hasWhere = true;
      continue;
    }
    if (depth > 0) continue;
    if (!command) {
      if (w === 'WITH') {
        afterWith = true;
        continue;
      }
      if (afterWith && !QUERIES.has(w)) continue;
      command = w;
      continue;
    }
    if (w === 'WHERE') hasWhere = true;
  }
  const own = WRITES.has(command) ? { command: command as StatementWrite['command'], hasWhere } : null;
  return { command, hasWhere, write: own ?? ctes[0] ?? null, reach: reachOf(command, tokens) };
}

function reachOf(command: string, tokens: readonly SqlToken[]): StatementShape['reach'] {
  if (command === 'REFRESH') return 'opaque';
  // CREATE TABLE ... AS, CREATE MATERIALIZED VIEW ... AS read their query; other CREATEs read nothing.
  if (command === 'CREATE') {
    const words = topLevelWords(tokens);
    const as = words.indexOf('AS');
    const made = words.slice(0, as === -1 ? 0 : as);
    return made.includes('TABLE') || made.includes('MATERIALIZED') ? 'plan' : 'none';
  }
  return NO_REACH.has(command) ? 'none' : 'plan';
}

/** `EXPLAIN [ANALYZE] [VERBOSE] stmt` or `EXPLAIN (option [value], ...) stmt`: only ANALYZE runs it. */
function explainShape(tokens: readonly SqlToken[]): StatementShape {
  let i = 1;
  let analyze = false;
  if (tokens[i]?.text === '(') {
    let depth = 0;
    for (; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) break;
      else if (['ANALYZE', 'ANALYSE'].includes(word(t))) {
        const value = word(tokens[i + 1]);
        analyze = !['FALSE', 'OFF', '0'].includes(value) && tokens[i + 1]?.text !== "'off'";
      }
    }
    i++;
  } else {
    for (; ['ANALYZE', 'ANALYSE', 'VERBOSE'].includes(word(tokens[i])); i++)
      if (word(tokens[i]) !== 'VERBOSE') analyze = true;
  }
  const inner = shapeOf(tokens.slice(i));
  return {
    command: 'EXPLAIN',
    hasWhere: inner.hasWhere,
    write: analyze ? inner.write : null,
    reach: analyze ? inner.reach : 'none',
  };
}

function word(token: SqlToken | undefined): string {
  return token?.kind === 'word' ? token.text.toUpperCase() : '';
}

function topLevelWords(tokens: readonly SqlToken[]): string[] {
  let depth = 0;
  const words: string[] = [];
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && t.kind === 'word') words.push(t.text.toUpperCase());
  }
  return words;
}

/**
 * Words Monaco's `pgsql` grammar leaves as plain identifiers because Postgres does not reserve them,
 * though they start or shape statements: DML, transactions, COPY, EXPLAIN, DDL of foreign objects,
 * settings and cursors. Highlighted as keywords like SELECT and WHERE, in the editor and in read-only
 * SQL (sql-word-class.ts answers both from this list and Monaco's).
 */
export const STATEMENT_KEYWORDS: readonly string[] = [
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'VALUES',
  'BY',
  'SET',
  'CONFLICT',
  'NOTHING',
  'MATCHED',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'START',
  'TRANSACTION',
  'ABORT',
  'WORK',
  'ISOLATION',
  'LEVEL',
  'COPY',
  'STDIN',
  'STDOUT',
  'EXPLAIN',
  'TRUNCATE',
  'DROP',
  'ALTER',
  'IMPORT',
  'SERVER',
  'OPTIONS',
  'SCHEMA',
  'DATA',
  'WRAPPER',
  'ADD',
  'RENAME',
  'IF',
  'EXISTS',
  'SHOW',
  'RESET',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'DECLARE',
  'CURSOR',
  'FETCH',
  'MOVE',
  'CLOSE',
];

/** A Monarch language with STATEMENT_KEYWORDS among its keywords (the rest as it is). */
export function withStatementKeywords<L extends { readonly keywords: readonly string[] }>(language: L): L {
  const keywords = [...new Set([...language.keywords, ...STATEMENT_KEYWORDS])];
  return { ...language, keywords };
}

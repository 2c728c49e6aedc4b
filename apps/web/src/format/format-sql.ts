import { format } from 'sql-formatter';

/**
 * SQL laid out by sql-formatter's PostgreSQL dialect: only whitespace changes — keywords and
 * identifiers keep their case, strings, quoted identifiers, dollar quotes and comments their text.
 * `select a,b from t where x='A  b'` → `select\n  a,\n  b\nfrom\n  t\nwhere\n  x = 'A  b'`.
 * Throws (sql-formatter's parse error) on text it cannot read; the caller says so.
 */
export function formatSql(sql: string): string {
  const leading = /^\s*/.exec(sql)![0];
  const trailing = /\s*$/.exec(sql)![0];
  const body = sql.trim();
  if (!body) return sql;
  const formatted = format(body, {
    language: 'postgresql',
    keywordCase: 'preserve',
    identifierCase: 'preserve',
    dataTypeCase: 'preserve',
    functionCase: 'preserve',
    tabWidth: 2,
    linesBetweenQueries: 1,
  });
  // A selection keeps the whitespace around it, so the text before and after stays where it was.
  return leading + formatted + trailing;
}

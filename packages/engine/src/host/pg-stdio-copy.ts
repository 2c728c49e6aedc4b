import { scanTokens } from '../parse/parse';

/** PGlite's pseudo-file for COPY through memory; a server reads and writes STDIN/STDOUT instead. */
const BLOB_FILE = "'/dev/blob'";

/**
 * The engine's `COPY ... TO|FROM '/dev/blob'` (PGlite's in-memory file) as the same COPY over the
 * connection, for a PostgreSQL server, where '/dev/blob' would be a file on the server's disk.
 * Only the file named right after the statement's own TO or FROM (outside parentheses) changes.
 * `copy (select a from t order by ord) to '/dev/blob' (format csv)` → `... to stdout (format csv)`.
 */
export function stdioCopy(sql: string): { readonly sql: string; readonly direction: 'to' | 'from' } {
  const tokens = scanTokens(sql);
  let depth = 0;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    const direction = t.text.toLowerCase();
    const file = tokens[i + 1]!;
    if (depth === 0 && (direction === 'to' || direction === 'from') && file.text === BLOB_FILE) {
      const end = sql.indexOf(BLOB_FILE, file.start) + BLOB_FILE.length;
      return {
        sql: `${sql.slice(0, file.start)}${direction === 'to' ? 'stdout' : 'stdin'}${sql.slice(end)}`,
        direction,
      };
    }
  }
  throw new Error(`not a COPY to or from '/dev/blob': ${sql}`);
}

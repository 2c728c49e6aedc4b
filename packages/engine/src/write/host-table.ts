/**
 * A pooled temp table of the host that a write's bookkeeping moves to once it outgrows memory
 * (read-images.ts, keys-seen.ts): made when first needed (session/temp-tables.ts `acquire`), and told
 * how many rows went in, which decides how the pool empties it for the next statement — a DELETE
 * while few rows are dead in it, a TRUNCATE past that (nothing vacuums temp tables).
 */
export interface HostTable {
  make(): Promise<string>;
  loaded(name: string, rows: number): void;
}

import type { PGlite } from '@electric-sql/pglite';
import type { HostTable } from '../../src/write/host-table';

/**
 * For unit tests of the write bookkeeping that moves to the host (write/read-images.ts,
 * write/keys-seen.ts) on a bare PGlite: the host's `query` (rows as text, as the engine's hosts give
 * them), and temp tables of `columns` made on demand, each one's rows counted as the pool would count them.
 *   const { table, loaded } = hostTables(() => db, 'seen', SEEN_KEY_COLUMNS)
 *   new KeysSeen(hostOf(() => db), table)   → loaded.get('seen_1'): the rows told to the pool
 */
export function hostOf(db: () => PGlite) {
  return {
    query: async (sql: string, params?: readonly unknown[]) => {
      const r = await db().query<unknown[]>(sql, params as unknown[], { rowMode: 'array' });
      return {
        fields: [],
        rows: r.rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
        affectedRows: r.affectedRows,
      };
    },
  };
}

export function hostTables(
  db: () => PGlite,
  prefix: string,
  columns: string,
): { table: HostTable; loaded: Map<string, number> } {
  let n = 0;
  const loaded = new Map<string, number>();
  const table: HostTable = {
    make: async () => {
      const name = `${prefix}_${++n}`;
      await db().exec(`create temp table ${name} (${columns})`);
      return name;
    },
    loaded: (name, rows) => void loaded.set(name, (loaded.get(name) ?? 0) + rows),
  };
  return { table, loaded };
}

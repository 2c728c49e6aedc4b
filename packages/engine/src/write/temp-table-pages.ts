import type { Host } from '../host/host';
import { quoteIdent } from '../parse/ast';

/** Heap blocks a page spans: at most 64 KiB of the host's rows (a few hundred narrow rows) at a time. */
export const PAGE_BLOCKS = 8;

/**
 * The rows `select` reads from one temp table, a page at a time: those of PAGE_BLOCKS heap blocks
 * each (a TID range scan, no sort: each block read once per pass), in heap order — the same rows in
 * the same order every pass while the table is not changed. `select` has no WHERE; `alias` names the
 * table in it.
 *   select ctid::text, k from pg_temp.t as x   over 20 blocks
 *   → 3 queries: `... where x.ctid >= $1::tid and x.ctid < $2::tid` with (0,0)–(8,0), (8,0)–(16,0), (16,0)–(24,0)
 */
export async function* tempTablePages(
  host: Pick<Host, 'query'>,
  select: string,
  table: string,
  alias: string,
  blocks = PAGE_BLOCKS,
): AsyncGenerator<(string | null)[][]> {
  const size = await host.query(
    `select pg_relation_size($1::regclass) / current_setting('block_size')::int`,
    [`pg_temp.${quoteIdent(table)}`],
  );
  const count = Number(size.rows[0]![0]);
  const ctid = `${quoteIdent(alias)}.ctid`;
  for (let from = 0; from < count; from += blocks) {
    const r = await host.query(`${select} where ${ctid} >= $1::tid and ${ctid} < $2::tid`, [
      `(${from},0)`,
      `(${from + blocks},0)`,
    ]);
    if (r.rows.length) yield r.rows;
  }
}

import type { LocalView } from './local-view';

/**
 * What the grid says in place of rows when a statement's result has none (its columns still shown):
 *   select * from orders where customer_id = 'nobody'  → `No rows: the statement returned none.`
 *   a Scan's first page that matched nothing, more to read → `No rows in the pages read so far: ...`
 */
export function emptyResultNote(more: LocalView['more']): string {
  if (more === 'next-page') return 'No rows in the pages read so far: Load next page reads on.';
  if (more === 'run-again') return 'No rows in the first page kept: run the statement again to read on.';
  return 'No rows: the statement returned none.';
}

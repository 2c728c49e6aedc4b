import type { WirePreviewStatement } from '../api/wire';
import type { EditRequest } from './edit-request';

const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

/**
 * Why a grid edit's preview does not match the edit, so that it must not be applied (null: it
 * matches). Every statement an edit makes writes one item by its full key: an UPDATE of a cell,
 * each UPDATE of a paste and the INSERT change exactly 1 row; the DELETEs as many rows as items
 * selected.
 *   update note of 1 item, preview rowCount 10 → "The preview changes 10 items, not the 1 this edit is for…"
 *   update note of 1 item, preview rowCount 0  → "No item has this key any more: …"
 */
export function previewMismatch(
  request: EditRequest,
  previews: readonly WirePreviewStatement[],
): string | null {
  const counted = previews.reduce((n, p) => n + p.rowCount, 0);
  const meant =
    request.kind === 'delete'
      ? request.at.length
      : request.kind === 'cells'
        ? new Set(request.cells.map((c) => c.at)).size
        : 1;
  // One item a statement, but for a DELETE (one per partition).
  const most = request.kind === 'delete' ? counted : Math.max(0, ...previews.map((p) => p.rowCount));
  const mostMeant = request.kind === 'delete' ? meant : 1;
  if (most > mostMeant)
    return `The preview changes ${items(most)}, not the ${items(mostMeant)} this edit is for: its WHERE does not name ${mostMeant === 1 ? 'one item' : 'each item'} by its full key. Nothing was written; run the query again before editing.`;
  if (counted === meant && previews.every((p) => request.kind === 'delete' || p.rowCount === 1)) return null;
  const gone =
    meant === 1
      ? 'No item has this key any more: the preview changes nothing'
      : `${meant - counted} of the ${meant} items no longer exist: the preview changes ${items(counted)}`;
  return `${gone}. Nothing was written; run the query again to see the table as it is.`;
}

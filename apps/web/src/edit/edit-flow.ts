import type { Cell, CatalogSnapshot } from '../api/wire';
import type { RunView } from '../state/run-view';
import { editability, type EditTarget } from './edit-target';

/** The table a statement's grid edits and its loaded rows, when its rows are editable items. */
export function editRequestTarget(
  run: RunView | null,
  statement: number,
  catalog: CatalogSnapshot | null,
): { readonly target: EditTarget; readonly rows: readonly (readonly Cell[])[] } | null {
  const sv = run?.kind === 'run' ? run.statements[statement] : undefined;
  if (!sv) return null;
  const e = editability(sv.stmt, catalog);
  return e.editable ? { target: e.target, rows: sv.rows } : null;
}

import type { Cell } from '../api/wire';
import { cellText } from '../grid/range-tsv';
import { parseTsv } from '../grid/parse-tsv';
import type { EditTarget } from './edit-target';
import { parseEditorText } from './editor-value';

/** One cell's new value; `at` is the row's position in the loaded rows, `column` the result's column. */
export interface CellChange {
  readonly at: number;
  readonly column: number;
  readonly value: Cell;
}

/** A cell the paste could not write, and why. */
export interface CellRefusal {
  readonly at: number;
  readonly column: number;
  readonly reason: string;
}

export type PasteOutcome =
  | { readonly ok: true; readonly changes: readonly CellChange[] }
  | { readonly ok: false; readonly message: string; readonly refused: readonly CellRefusal[] };

export interface PasteInput {
  readonly target: EditTarget;
  /** The loaded rows. */
  readonly rows: readonly (readonly Cell[])[];
  /** The loaded row shown at each grid position (the grid may be sorted or filtered). */
  readonly shownRows: readonly number[];
  /** The result's column shown at each grid position (columns may be hidden or moved). */
  readonly shownColumns: readonly number[];
  /** The selected block, in grid positions (inclusive). */
  readonly block: { readonly rows: readonly [number, number]; readonly cols: readonly [number, number] };
  /** The clipboard's text. */
  readonly text: string;
}

/**
 * A paste into the grid as cell changes, each checked as the cell editor checks a typed value
 * (edit/editor-value.ts: numbers exact as text, integer ranges, dates, jsonb, hex bytea): TSV from
 * the block's top-left cell on, or one value into every selected cell. An empty field is SQL NULL
 * (the copy writes NULL so). Cells a ragged row does not reach, and values equal to the cell's, are
 * left as they are. All or nothing: a value that does not parse, a key changed, a NULL in a NOT NULL
 * column refuses the whole paste with each refused cell and why; rows or columns beyond the
 * grid's are refused (a paste does not add rows).
 *   users [user_id, name, age], block at (row 0, name), 'Ada\t36\nBob\t41'
 *     → [{at 0, name, 'Ada'}, {at 0, age, '36'}, {at 1, name, 'Bob'}, {at 1, age, '41'}]
 */
export function pasteCells(input: PasteInput): PasteOutcome {
  const { target, rows, shownRows, shownColumns, block } = input;
  const refuse = (message: string, refused: readonly CellRefusal[] = []): PasteOutcome => ({
    ok: false,
    message,
    refused,
  });
  const grid = parseTsv(input.text);
  if (!grid.length) return refuse('The clipboard holds no text to paste');
  const single = grid.length === 1 && grid[0]!.length === 1;
  const [top, bottom] = single ? block.rows : [block.rows[0], block.rows[0] + grid.length - 1];
  const width = Math.max(...grid.map((r) => r.length));
  const [left, right] = single ? block.cols : [block.cols[0], block.cols[0] + width - 1];
  if (bottom >= shownRows.length) {
    const room = shownRows.length - top;
    return refuse(
      `The paste has ${grid.length} rows; from the selected row ${room === 1 ? 'only 1 row is' : `only ${room} rows are`} shown — a paste does not add rows (Add row does)`,
    );
  }
  if (right >= shownColumns.length) {
    const room = shownColumns.length - left;
    return refuse(
      `The paste has ${width} columns; from the selected column ${room === 1 ? 'only 1 is' : `only ${room} are`} shown`,
    );
  }
  const changes: CellChange[] = [];
  const refused: CellRefusal[] = [];
  for (let vr = top; vr <= bottom; vr++) {
    const line = single ? grid[0]! : grid[vr - top]!;
    for (let vc = left; vc <= right; vc++) {
      const field = single ? line[0] : line[vc - left];
      if (field === undefined) continue;
      const at = shownRows[vr]!;
      const column = shownColumns[vc]!;
      const col = target.columns[column]!;
      const old = rows[at]?.[column] ?? null;
      const parsed = field === '' ? ({ ok: true, value: null } as const) : parseEditorText(field, col.type);
      if (!parsed.ok) {
        refused.push({ at, column, reason: `${col.name}: ${parsed.error}` });
        continue;
      }
      if (same(old, parsed.value)) continue;
      if (col.keyRole)
        refused.push({
          at,
          column,
          reason: `${col.name} is the ${col.keyRole} key: DynamoDB cannot change a key`,
        });
      else if (parsed.value === null && col.notNull)
        refused.push({ at, column, reason: `${col.name} cannot be NULL` });
      else changes.push({ at, column, value: parsed.value });
    }
  }
  if (refused.length)
    return refuse(
      `Nothing pasted: ${refused.length} ${refused.length === 1 ? 'value is' : 'values are'} refused — ${refused[0]!.reason}${refused.length > 1 ? ' …' : ''}`,
      refused,
    );
  if (!changes.length) return refuse('The paste changes no cell: every value is the one shown');
  return { ok: true, changes };
}

/** Same value as far as the item is concerned: `42` and '42', SQL NULL and SQL NULL. */
function same(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return a === b;
  return cellText(a) === cellText(b);
}

import { useMemo, useReducer, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  columnFilteringFeature,
  columnResizingFeature,
  columnSizingFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type FilterFn,
  type SortingState,
} from '@tanstack/react-table';
import type { Cell, WireColumn } from '../api/wire';
import type { TableSample } from '../designer/sample-line';
import type { EditRequest } from '../edit/edit-request';
import type { Editability, EditTarget } from '../edit/edit-target';
import { pasteCells } from '../edit/paste-cells';
import { formatCell } from '../format/format-cell';
import { initialColumnWidth } from '../format/column-width';
import { compareCells, sortKind } from '../grid/compare-cells';
import { formatEpoch } from '../grid/epoch-format';
import {
  gridViewReducer,
  initialGridView,
  selectedBlock,
  visibleColumns,
  type GridViewAction,
} from '../grid/grid-view';
import { rangeTsv } from '../grid/range-tsv';
import { localViewSummary, type LocalView } from '../grid/local-view';
import { emptyResultNote } from '../grid/empty-result-note';
import { cellMatches, normalizeFilter } from '../grid/row-filter';
import { shortType, type ColumnBadge } from '../plan/plan-view';
import { AddRowDialog } from './AddRowDialog';
import { CellEditor } from './CellEditor';
import { GridColumnsMenu } from './GridColumnsMenu';
import { Icon } from './Icon';
import { KeyBadge } from './KeyBadge';
import './grid-edit.css';

type Row = Cell[];
const features = tableFeatures({
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
});
const helper = createColumnHelper<typeof features, Row>();

interface ResultGridProps {
  readonly columns: readonly WireColumn[];
  readonly rows: Row[];
  readonly badges: readonly ColumnBadge[];
  /** Where rows beyond the loaded ones come from, for the status line. */
  readonly more: LocalView['more'];
  /** Row indexes below are positions in `rows`, whatever the sort and filter show. */
  readonly onOpenJson: (rowIndex: number, columnIndex: number) => void;
  readonly onContextMenu: (x: number, y: number, rowIndex: number, columnIndex: number) => void;
  readonly onCopyCell: (rowIndex: number, columnIndex: number) => void;
  /** Copies a block of cells (as TSV). */
  readonly onCopyText: (text: string, what: string) => void;
  /** Whether the rows are items that can be edited (edit/edit-target.ts); absent: never. */
  readonly edit?: Editability;
  readonly onEdit?: (request: EditRequest) => void;
  /** DynamoDB's sample of the table's attributes, for the jsonb editor's types. */
  readonly onSample?: (target: EditTarget) => Promise<TableSample>;
}

const ROW_HEIGHT = 28;
/** Room for `2025-01-02 13:17:53.907 UTC` in the grid's monospace. */
const TIMESTAMP_WIDTH = 220;
/** The Columns menu's width (grid-edit.css), to right-align it with its button. */
const COLUMNS_MENU_WIDTH = 380;

/**
 * The results grid: TanStack Table for columns, sizing, and sorting/filtering of the loaded rows
 * in the browser (grid/ holds the comparator and the predicate); TanStack Virtual for rows. The
 * reader's view (hidden and moved columns, epoch formatters, the selected block) is
 * grid/grid-view.ts; a result of one foreign table with its keys can be edited (edit/), each edit
 * going out as a request the app turns into SQL, previews and runs.
 */
export function ResultGrid({
  columns,
  rows,
  badges,
  more,
  onOpenJson,
  onContextMenu,
  onCopyCell,
  onCopyText,
  edit,
  onEdit,
  onSample,
}: ResultGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [view, dispatchView] = useReducer(gridViewReducer, columns.length, initialGridView);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<{
    r: number;
    c: number;
    anchor: { left: number; top: number; bottom: number; width: number };
  } | null>(null);
  const [adding, setAdding] = useState(false);
  /** Where the column menu opens (under its button), when open. */
  const [columnsMenu, setColumnsMenu] = useState<{ top: number; left: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  /** A refused paste: why, and the cells it could not take (`row-column` as loaded) with why. */
  const [refusal, setRefusal] = useState<{ message: string; cells: ReadonlyMap<string, string> } | null>(
    null,
  );
  /** The column whose header is being dragged, and the one it is over. */
  const [drag, setDrag] = useState<{ column: number; over: number | null } | null>(null);
  const target = edit?.editable ? edit.target : null;
  // Rows gone (a DELETE applied) leave the block over other rows: it is dropped. More rows (a next
  // page, an added row) keep it.
  const [shownRows, setShownRows] = useState(rows);
  if (shownRows !== rows) {
    setShownRows(rows);
    if (rows.length < shownRows.length) dispatchView({ type: 'selection-cleared' });
  }
  const columnDefs = useMemo(
    () =>
      helper.columns(
        columns.map((col, i) => {
          const kind = sortKind(col.type);
          return helper.accessor((row: Row) => row[i] ?? null, {
            id: `c${i}`,
            header: col.name,
            size: initialColumnWidth(col, rows, i),
            minSize: 60,
            sortDescFirst: false,
            sortFn: (a, b, id) => compareCells(a.getValue(id) as Cell, b.getValue(id) as Cell, kind),
          });
        }),
      ),
    // Widths come from the first page only: later pages must not resize columns under the reader.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rows on purpose
    [columns],
  );
  const globalFilterFn = useMemo(() => {
    const types = new Map(columns.map((col, i) => [`c${i}`, col.type]));
    const fn: FilterFn<typeof features, Row> = (row, id, needle: string) =>
      cellMatches(row.getValue(id) as Cell, types.get(id) ?? 'text', needle);
    fn.resolveFilterValue = (value: unknown) => normalizeFilter(String(value ?? ''));
    return fn;
  }, [columns]);
  const table = useTable({
    features,
    columns: columnDefs,
    data: rows,
    columnResizeMode: 'onChange',
    state: { sorting, globalFilter: filter },
    onSortingChange: (u) => {
      // The block is in view positions: another order means other cells.
      dispatchView({ type: 'selection-cleared' });
      setSorting(u);
    },
    onGlobalFilterChange: (u) => {
      dispatchView({ type: 'selection-cleared' });
      setFilter(u);
    },
    globalFilterFn,
    isMultiSortEvent: (e) => (e as MouseEvent).shiftKey,
  });
  const tableRows = table.getRowModel().rows;
  // TanStack Virtual's functions are not memoisable; we do not compile with the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const visible = visibleColumns(view);
  const headerById = new Map(table.getFlatHeaders().map((h) => [h.column.id, h]));
  const headers = visible.map((i) => ({ i, header: headerById.get(`c${i}`)! }));
  const totalWidth = 52 + headers.reduce((a, h) => a + h.header.getSize(), 0);
  const filtered = normalizeFilter(filter) !== '';
  const summary = localViewSummary({
    shown: tableRows.length,
    loaded: rows.length,
    sorted: sorting.length > 0,
    filtered,
    more,
  });
  const block = selectedBlock(view);
  const head = view.selection?.head ?? null;
  /** The loaded rows' indexes of the block's rows. */
  const blockRows = block ? tableRows.slice(block.rows[0], block.rows[1] + 1).map((r) => r.index) : [];
  /** Rows to delete: whole rows are selected (from the row numbers, or a block across every column). */
  const wholeRows = block && block.cols[0] === 0 && block.cols[1] === visible.length - 1 ? blockRows : [];

  const select = (r: number, c: number, extend: boolean) => {
    if (refusal) setRefusal(null);
    dispatchView({ type: 'cell-selected', at: { r, c }, extend });
  };
  const moveHead = (rowStep: number, colStep: number, extend: boolean) => {
    if (!head) return;
    const r = Math.min(tableRows.length - 1, Math.max(0, head.r + rowStep));
    const c = Math.min(visible.length - 1, Math.max(0, head.c + colStep));
    select(r, c, extend);
    if (rowStep) virtualizer.scrollToIndex(r);
  };
  const copyBlock = () => {
    if (!block) return;
    const cols = visible.slice(block.cols[0], block.cols[1] + 1);
    if (blockRows.length === 1 && cols.length === 1) return onCopyCell(blockRows[0]!, cols[0]!);
    const cells = blockRows.map((r) => cols.map((c) => rows[r]?.[c] ?? null));
    onCopyText(rangeTsv(cells), `${blockRows.length * cols.length} cells`);
  };
  const startEdit = (viewRow: number, visibleCol: number) => {
    const r = tableRows[viewRow]?.index;
    const c = visible[visibleCol];
    if (!target || r === undefined || c === undefined) {
      if (edit && !edit.editable) setNote(`Read-only: ${edit.reason}`);
      return;
    }
    const col = target.columns[c]!;
    if (col.keyRole) {
      setNote(
        `${col.name} is the ${col.keyRole} key: DynamoDB cannot change a key — add a new item and delete this one`,
      );
      return;
    }
    const el = scrollRef.current?.querySelector(`[data-cell="${r}-${c}"]`);
    const rect = el?.getBoundingClientRect();
    if (!rect) return;
    setNote(null);
    setEditing({ r, c, anchor: { left: rect.left, top: rect.top, bottom: rect.bottom, width: rect.width } });
  };
  /** The view's action; a column that starts showing epoch numbers as timestamps gets the width they need. */
  const viewAction = (a: GridViewAction) => {
    if (a.type === 'format-set' && a.format) {
      const id = `c${a.column}`;
      const now = headerById.get(id)?.getSize() ?? 0;
      table.setColumnSizing((old) => ({ ...old, [id]: Math.max(old[id] ?? now, TIMESTAMP_WIDTH) }));
    }
    dispatchView(a);
  };
  /** Ctrl/Cmd+V: TSV (or one value for every selected cell) as one edit of several cells, all or nothing. */
  const paste = (text: string) => {
    if (!block) return;
    if (!target) {
      if (edit && !edit.editable) setNote(`Read-only: ${edit.reason}`);
      return;
    }
    const out = pasteCells({
      target,
      rows,
      shownRows: tableRows.map((r) => r.index),
      shownColumns: visible,
      block,
      text,
    });
    if (!out.ok)
      return setRefusal({
        message: out.message,
        cells: new Map(out.refused.map((x) => [`${x.at}-${x.column}`, x.reason])),
      });
    setRefusal(null);
    onEdit?.({ kind: 'cells', cells: out.changes });
  };
  const deleteSelected = () => {
    if (target && wholeRows.length) onEdit?.({ kind: 'delete', at: wholeRows });
  };

  return (
    <>
      <div className="grid-tools">
        <label className="grid-filter">
          <Icon name="search" size={13} />
          <input
            value={filter}
            onChange={(e) => table.setGlobalFilter(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && filter) {
                table.setGlobalFilter('');
                e.stopPropagation();
              }
            }}
            placeholder="Filter loaded rows"
            aria-label="Filter loaded rows"
            spellCheck={false}
            data-testid="grid-filter"
          />
          {filter ? (
            <button
              className="grid-filter-clear"
              onClick={() => table.setGlobalFilter('')}
              title="Clear the filter"
              aria-label="Clear the filter"
            >
              <Icon name="x" size={11} />
            </button>
          ) : null}
        </label>
        {note ? (
          <span className="grid-note" data-testid="grid-note" title={note}>
            {note}
          </span>
        ) : summary ? (
          <span className="grid-summary" data-testid="grid-view-summary">
            {summary}
          </span>
        ) : (
          <span className="grid-hint">
            {target
              ? 'Double-click (or F2) edits a cell · row numbers select rows · Shift+click extends · Ctrl+C copies · Ctrl+V pastes'
              : 'Click a header to sort the loaded rows, Shift+click to add a column'}
          </span>
        )}
        <span className="grid-actions">
          {sorting.length ? (
            <button className="btn ghost sm" onClick={() => table.setSorting([])} data-testid="clear-sort">
              Clear sort
            </button>
          ) : null}
          {target ? (
            <>
              <span
                className="grid-editable"
                title={`Edits run as SQL on ${target.relation}, previewed first`}
                data-testid="grid-editable"
              >
                <Icon name="pencil" size={11} /> {target.relation}
              </span>
              {wholeRows.length ? (
                <button className="btn sm danger-ghost" onClick={deleteSelected} data-testid="delete-rows">
                  <Icon name="trash" size={12} /> Delete {wholeRows.length}{' '}
                  {wholeRows.length === 1 ? 'row' : 'rows'}
                </button>
              ) : null}
              <button className="btn sm" onClick={() => setAdding(true)} data-testid="add-row-open">
                <Icon name="plus" size={12} /> Add row
              </button>
            </>
          ) : edit ? (
            <span
              className="grid-readonly"
              title={edit.editable ? '' : edit.reason}
              data-testid="grid-readonly"
            >
              Read-only
            </span>
          ) : null}
          <button
            className="btn sm ghost"
            onClick={(e) => {
              const rect = e.currentTarget.getBoundingClientRect();
              setColumnsMenu((o) =>
                o ? null : { top: rect.bottom + 4, left: Math.max(8, rect.right - COLUMNS_MENU_WIDTH) },
              );
            }}
            data-testid="grid-columns"
            title="Show, hide and move columns; show epoch numbers as timestamps"
          >
            <Icon name="column" size={12} /> Columns
            {view.hidden.length ? <small> ({view.hidden.length} hidden)</small> : null}
          </button>
        </span>
      </div>
      {refusal ? (
        <div className="grid-paste-refused" role="alert" data-testid="grid-paste-refused">
          <Icon name="x" size={12} />
          <span>{refusal.message}</span>
          <button className="btn ghost sm" onClick={() => setRefusal(null)} data-testid="grid-paste-dismiss">
            Dismiss
          </button>
        </div>
      ) : null}
      {columnsMenu ? (
        <GridColumnsMenu
          columns={columns}
          view={view}
          at={columnsMenu}
          dispatch={viewAction}
          onClose={() => setColumnsMenu(null)}
        />
      ) : null}
      <div
        className="grid-wrap"
        ref={scrollRef}
        data-testid="result-grid"
        tabIndex={0}
        onPaste={(e) => {
          if (!block || editing) return;
          e.preventDefault();
          paste(e.clipboardData.getData('text/plain'));
        }}
        onKeyDown={(e) => {
          if (!head) return;
          const extend = e.shiftKey;
          if ((e.ctrlKey || e.metaKey) && e.key === 'c') copyBlock();
          else if (e.key === 'ArrowDown') moveHead(1, 0, extend);
          else if (e.key === 'ArrowUp') moveHead(-1, 0, extend);
          else if (e.key === 'ArrowRight') moveHead(0, 1, extend);
          else if (e.key === 'ArrowLeft') moveHead(0, -1, extend);
          else if ((e.key === 'Enter' && !e.ctrlKey && !e.shiftKey && !e.metaKey) || e.key === 'F2')
            startEdit(head.r, head.c);
          else if (e.key === 'Delete' && target) deleteSelected();
          else if (e.key === 'Escape') dispatchView({ type: 'selection-cleared' });
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      >
        <div className="grid" style={{ width: totalWidth }}>
          <div className="grid-head" role="row">
            <div
              className="gh rownum"
              title="Row number as loaded; click to select rows (Shift+click: a range)"
            >
              #
            </div>
            {headers.map(({ i, header }) => {
              const col = columns[i]!;
              const badge = badges[i];
              const sorted = header.column.getIsSorted();
              const toggle = header.column.getToggleSortingHandler();
              const format = view.formats[i];
              return (
                <div
                  key={header.id}
                  className={`gh sortable${sorted ? ' sorted' : ''}${drag && drag.over === i && drag.column !== i ? ' drop-here' : ''}`}
                  style={{ width: header.getSize(), position: 'relative' }}
                  role="columnheader"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  tabIndex={0}
                  title={`${col.name} · ${col.type} — click to sort ascending, descending, then as loaded; drag the name to move the column`}
                  onClick={toggle}
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter' && e.key !== ' ') return;
                    // Not also the app's Shift+Enter (run all) or Ctrl+Enter (run).
                    e.preventDefault();
                    e.stopPropagation();
                    toggle?.(e);
                  }}
                  data-testid="grid-header"
                  onDragOver={(e) => {
                    if (!drag) return;
                    e.preventDefault();
                    if (drag.over !== i) setDrag({ ...drag, over: i });
                  }}
                  onDrop={(e) => {
                    e.preventDefault();
                    if (drag) dispatchView({ type: 'column-dropped', column: drag.column, on: i });
                    setDrag(null);
                  }}
                >
                  <span
                    className="gh-name"
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer.effectAllowed = 'move';
                      e.dataTransfer.setData('text/plain', col.name);
                      setDrag({ column: i, over: null });
                    }}
                    onDragEnd={() => setDrag(null)}
                  >
                    <span className="gh-label">{col.name}</span>
                    {badge ? <KeyBadge role={badge.keyRole} catchAll={badge.catchAll} /> : null}
                    <span className="sort-ind" data-testid="sort-indicator">
                      <Icon
                        name={sorted === 'asc' ? 'arrowUp' : sorted === 'desc' ? 'arrowDown' : 'sort'}
                        size={12}
                      />
                      {sorted && sorting.length > 1 ? (
                        <small>{header.column.getSortIndex() + 1}</small>
                      ) : null}
                    </span>
                  </span>
                  <span className="gh-type">
                    {shortType(col.type)}
                    {format ? (
                      <span className="gh-format">
                        {' '}
                        · {format === 'epoch-s' ? 'epoch s' : 'epoch ms'} → UTC
                      </span>
                    ) : null}
                  </span>
                  <span
                    className="resizer"
                    onMouseDown={header.getResizeHandler()}
                    onClick={(e) => e.stopPropagation()}
                    onDoubleClick={() => header.column.resetSize()}
                    title="Drag to resize, double-click to reset"
                  />
                </div>
              );
            })}
          </div>
          {rows.length === 0 ? (
            <div className="grid-none" data-testid="grid-empty">
              {emptyResultNote(more)}
            </div>
          ) : tableRows.length === 0 ? (
            <div className="grid-none" data-testid="grid-no-match">
              No loaded row contains “{filter.trim()}”.
            </div>
          ) : null}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = tableRows[item.index]!;
              const r = row.index;
              const vr = item.index;
              const cells = row.getAllCells();
              const inRows = block && vr >= block.rows[0] && vr <= block.rows[1];
              return (
                <div
                  key={row.id}
                  className={`grid-row${head?.r === vr ? ' sel' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, width: totalWidth }}
                  role="row"
                  data-testid="grid-row"
                >
                  <div
                    className={`gc rownum${inRows && block.cols[0] === 0 && block.cols[1] === visible.length - 1 ? ' picked' : ''}`}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      scrollRef.current?.focus();
                      dispatchView({
                        type: 'rows-selected',
                        row: vr,
                        extend: e.shiftKey,
                        columns: visible.length,
                      });
                    }}
                    data-testid="row-number"
                  >
                    {r + 1}
                  </div>
                  {visible.map((c, vc) => {
                    const cell = cells[c]!;
                    const col = columns[c]!;
                    const value = cell.getValue() as Cell;
                    const f = formatCell(value, col.type);
                    const shown = view.formats[c]
                      ? (formatEpoch(value, view.formats[c]) ?? f.display)
                      : f.display;
                    const isHead = head?.r === vr && head.c === vc;
                    const inBlock = inRows && vc >= block.cols[0] && vc <= block.cols[1];
                    const why = refusal?.cells.get(`${r}-${c}`);
                    return (
                      <div
                        key={cell.id}
                        className={`gc ${f.kind}${f.alignRight ? ' right' : ''}${isHead ? ' focus' : ''}${inBlock ? ' picked' : ''}${why ? ' paste-refused' : ''}`}
                        style={{ width: cell.column.getSize() }}
                        title={
                          why
                            ? `Not pasted: ${why}`
                            : f.kind === 'json'
                              ? 'Click to open the JSON viewer'
                              : f.kind === 'json-null'
                                ? 'JSON null: a value, unlike SQL NULL'
                                : shown !== f.display
                                  ? `${f.full} (shown as a UTC timestamp)`
                                  : f.full.length > 40
                                    ? f.full.slice(0, 2000)
                                    : undefined
                        }
                        data-kind={f.kind}
                        data-cell={`${r}-${c}`}
                        onMouseDown={(e) => {
                          if (e.button !== 0) return;
                          if (e.shiftKey) e.preventDefault(); // no text selection
                          select(vr, vc, e.shiftKey);
                        }}
                        onMouseEnter={(e) => {
                          if (e.buttons === 1 && view.selection) select(vr, vc, true);
                        }}
                        onClick={(e) => {
                          if (f.kind === 'json' && !e.shiftKey) onOpenJson(r, c);
                        }}
                        onDoubleClick={() => startEdit(vr, vc)}
                        onContextMenu={(e) => {
                          e.preventDefault();
                          if (!inBlock) select(vr, vc, false);
                          onContextMenu(e.clientX, e.clientY, r, c);
                        }}
                      >
                        {shown}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {editing && target ? (
        <CellEditor
          column={target.columns[editing.c]!}
          value={rows[editing.r]?.[editing.c] ?? null}
          anchor={editing.anchor}
          onSample={onSample ? () => onSample(target) : undefined}
          onCommit={(value) => {
            setEditing(null);
            onEdit?.({ kind: 'update', at: editing.r, column: editing.c, value });
            scrollRef.current?.focus();
          }}
          onCancel={() => {
            setEditing(null);
            scrollRef.current?.focus();
          }}
        />
      ) : null}
      {adding && target ? (
        <AddRowDialog
          target={target}
          onClose={() => setAdding(false)}
          onCommit={(values) => {
            setAdding(false);
            onEdit?.({ kind: 'insert', values });
          }}
        />
      ) : null}
    </>
  );
}

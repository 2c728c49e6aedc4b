import { useMemo, useRef, useState } from 'react';
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
import { formatCell } from '../format/format-cell';
import { initialColumnWidth } from '../format/column-width';
import { compareCells, sortKind } from '../grid/compare-cells';
import { localViewSummary, type LocalView } from '../grid/local-view';
import { cellMatches, normalizeFilter } from '../grid/row-filter';
import { shortType, type ColumnBadge } from '../plan/plan-view';
import { Icon } from './Icon';
import { KeyBadge } from './KeyBadge';

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
}

const ROW_HEIGHT = 28;

/**
 * The results grid: TanStack Table for columns, sizing, and sorting/filtering of the loaded rows
 * in the browser (grid/ holds the comparator and the predicate); TanStack Virtual for rows.
 */
export function ResultGrid({
  columns,
  rows,
  badges,
  more,
  onOpenJson,
  onContextMenu,
  onCopyCell,
}: ResultGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The focused cell, by its row's index in `rows`, so it stays on that row when the order changes.
  const [focus, setFocus] = useState<{ r: number; c: number } | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState('');
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
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
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
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const totalWidth = 52 + headers.reduce((a, h) => a + h.getSize(), 0);
  const filtered = normalizeFilter(filter) !== '';
  const summary = localViewSummary({
    shown: tableRows.length,
    loaded: rows.length,
    sorted: sorting.length > 0,
    filtered,
    more,
  });

  const moveFocus = (rowStep: number, colStep: number) => {
    if (!focus) return;
    const at = tableRows.findIndex((r) => r.index === focus.r);
    const next = Math.min(tableRows.length - 1, Math.max(0, at + rowStep));
    const row = tableRows[next];
    if (!row) return;
    setFocus({ r: row.index, c: Math.min(columns.length - 1, Math.max(0, focus.c + colStep)) });
    if (rowStep) virtualizer.scrollToIndex(next);
  };

  return (
    <>
      <div className="grid-tools">
        <label className="grid-filter">
          <Icon name="search" size={13} />
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && filter) {
                setFilter('');
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
              onClick={() => setFilter('')}
              title="Clear the filter"
              aria-label="Clear the filter"
            >
              <Icon name="x" size={11} />
            </button>
          ) : null}
        </label>
        {summary ? (
          <span className="grid-summary" data-testid="grid-view-summary">
            {summary}
          </span>
        ) : (
          <span className="grid-hint">
            Click a header to sort the loaded rows, Shift+click to add a column
          </span>
        )}
        {sorting.length ? (
          <button className="btn ghost sm" onClick={() => setSorting([])} data-testid="clear-sort">
            Clear sort
          </button>
        ) : null}
      </div>
      <div
        className="grid-wrap"
        ref={scrollRef}
        data-testid="result-grid"
        tabIndex={0}
        onKeyDown={(e) => {
          if (!focus) return;
          if ((e.ctrlKey || e.metaKey) && e.key === 'c') {
            e.preventDefault();
            onCopyCell(focus.r, focus.c);
          } else if (e.key === 'ArrowDown') moveFocus(1, 0);
          else if (e.key === 'ArrowUp') moveFocus(-1, 0);
          else if (e.key === 'ArrowRight') moveFocus(0, 1);
          else if (e.key === 'ArrowLeft') moveFocus(0, -1);
          else return;
          e.preventDefault();
        }}
      >
        <div className="grid" style={{ width: totalWidth }}>
          <div className="grid-head" role="row">
            <div className="gh rownum" title="Row number as loaded">
              #
            </div>
            {headers.map((header, i) => {
              const col = columns[i]!;
              const badge = badges[i];
              const sorted = header.column.getIsSorted();
              const toggle = header.column.getToggleSortingHandler();
              return (
                <div
                  key={header.id}
                  className={`gh sortable${sorted ? ' sorted' : ''}`}
                  style={{ width: header.getSize(), position: 'relative' }}
                  role="columnheader"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  tabIndex={0}
                  title={`${col.name} · ${col.type} — click to sort ascending, descending, then as loaded`}
                  onClick={toggle}
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter' && e.key !== ' ') return;
                    // Not also the app's Shift+Enter (run all) or Ctrl+Enter (run).
                    e.preventDefault();
                    e.stopPropagation();
                    toggle?.(e);
                  }}
                  data-testid="grid-header"
                >
                  <span className="gh-name">
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
                  <span className="gh-type">{shortType(col.type)}</span>
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
          {tableRows.length === 0 && rows.length > 0 ? (
            <div className="grid-none" data-testid="grid-no-match">
              No loaded row contains “{filter.trim()}”.
            </div>
          ) : null}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = tableRows[item.index]!;
              const r = row.index;
              return (
                <div
                  key={row.id}
                  className={`grid-row${focus?.r === r ? ' sel' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, width: totalWidth }}
                  role="row"
                  data-testid="grid-row"
                >
                  <div className="gc rownum">{r + 1}</div>
                  {row.getAllCells().map((cell, c) => {
                    const col = columns[c]!;
                    const f = formatCell(cell.getValue() as Cell, col.type);
                    const isFocus = focus?.r === r && focus.c === c;
                    return (
                      <div
                        key={cell.id}
                        className={`gc ${f.kind}${f.alignRight ? ' right' : ''}${isFocus ? ' focus' : ''}`}
                        style={{ width: cell.column.getSize() }}
                        title={
                          f.kind === 'json'
                            ? 'Click to open the JSON viewer'
                            : f.kind === 'json-null'
                              ? 'JSON null: a value, unlike SQL NULL'
                              : f.full.length > 40
                                ? f.full.slice(0, 2000)
                                : undefined
                        }
                        data-kind={f.kind}
                        onClick={() => {
                          setFocus({ r, c });
                          if (f.kind === 'json') onOpenJson(r, c);
                        }}
                        onContextMenu={(e) => {
                          e.preventDefault();
                          setFocus({ r, c });
                          onContextMenu(e.clientX, e.clientY, r, c);
                        }}
                      >
                        {f.display}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}

import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  columnResizingFeature,
  columnSizingFeature,
  createColumnHelper,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import type { Cell, WireColumn } from '../api/wire';
import { formatCell } from '../format/format-cell';
import { initialColumnWidth } from '../format/column-width';
import { shortType, type ColumnBadge } from '../plan/plan-view';
import { KeyBadge } from './KeyBadge';

type Row = Cell[];
const features = tableFeatures({ columnSizingFeature, columnResizingFeature });
const helper = createColumnHelper<typeof features, Row>();

export interface CellAction {
  readonly kind: 'copy-cell' | 'copy-row' | 'copy-row-json' | 'open-json';
  readonly rowIndex: number;
  readonly columnIndex: number;
}

interface ResultGridProps {
  readonly columns: readonly WireColumn[];
  readonly rows: Row[];
  readonly badges: readonly ColumnBadge[];
  readonly onOpenJson: (rowIndex: number, columnIndex: number) => void;
  readonly onContextMenu: (x: number, y: number, rowIndex: number, columnIndex: number) => void;
  readonly onCopyCell: (rowIndex: number, columnIndex: number) => void;
}

const ROW_HEIGHT = 28;

/** The results grid: TanStack Table for columns and sizing, TanStack Virtual for rows. */
export function ResultGrid({ columns, rows, badges, onOpenJson, onContextMenu, onCopyCell }: ResultGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ r: number; c: number } | null>(null);
  const columnDefs = useMemo(
    () =>
      helper.columns(
        columns.map((col, i) =>
        helper.accessor((row: Row) => row[i] ?? null, {
          id: `c${i}`,
          header: col.name,
          size: initialColumnWidth(col, rows, i),
          minSize: 60,
        }),
        ),
      ),
    // Widths come from the first page only: later pages must not resize columns under the reader.
    [columns],
  );
  const table = useTable({ features, columns: columnDefs, data: rows, columnResizeMode: 'onChange' });
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const totalWidth = 52 + headers.reduce((a, h) => a + h.getSize(), 0);

  return (
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
        } else if (e.key === 'ArrowDown') setFocus({ ...focus, r: Math.min(rows.length - 1, focus.r + 1) });
        else if (e.key === 'ArrowUp') setFocus({ ...focus, r: Math.max(0, focus.r - 1) });
        else if (e.key === 'ArrowRight') setFocus({ ...focus, c: Math.min(columns.length - 1, focus.c + 1) });
        else if (e.key === 'ArrowLeft') setFocus({ ...focus, c: Math.max(0, focus.c - 1) });
        else return;
        e.preventDefault();
      }}
    >
      <div className="grid" style={{ width: totalWidth }}>
        <div className="grid-head" role="row">
          <div className="gh rownum">#</div>
          {headers.map((header, i) => {
            const col = columns[i]!;
            const badge = badges[i];
            return (
              <div key={header.id} className="gh" style={{ width: header.getSize(), position: 'relative' }} role="columnheader" title={`${col.name} · ${col.type}`}>
                <span className="gh-name">
                  {col.name}
                  {badge ? <KeyBadge role={badge.keyRole} catchAll={badge.catchAll} /> : null}
                </span>
                <span className="gh-type">{shortType(col.type)}</span>
                <span className="resizer" onMouseDown={header.getResizeHandler()} onDoubleClick={() => header.column.resetSize()} title="Drag to resize, double-click to reset" />
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = tableRows[item.index]!;
            return (
              <div
                key={row.id}
                className={`grid-row${focus?.r === item.index ? ' sel' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, width: totalWidth }}
                role="row"
                data-testid="grid-row"
              >
                <div className="gc rownum">{item.index + 1}</div>
                {row.getAllCells().map((cell, c) => {
                  const col = columns[c]!;
                  const f = formatCell(cell.getValue() as Cell, col.type);
                  const isFocus = focus?.r === item.index && focus.c === c;
                  return (
                    <div
                      key={cell.id}
                      className={`gc ${f.kind}${f.alignRight ? ' right' : ''}${isFocus ? ' focus' : ''}`}
                      style={{ width: cell.column.getSize() }}
                      title={f.kind === 'json' ? 'Click to open the JSON viewer' : f.full.length > 40 ? f.full.slice(0, 2000) : undefined}
                      data-kind={f.kind}
                      onClick={() => {
                        setFocus({ r: item.index, c });
                        if (f.kind === 'json') onOpenJson(item.index, c);
                      }}
                      onContextMenu={(e) => {
                        e.preventDefault();
                        setFocus({ r: item.index, c });
                        onContextMenu(e.clientX, e.clientY, item.index, c);
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
  );
}

import type { WireColumn } from '../api/wire';
import { isNumericType } from '../format/format-cell';
import type { EpochUnit } from '../grid/epoch-format';
import type { GridView, GridViewAction } from '../grid/grid-view';
import { shortType } from '../plan/plan-view';
import { Icon } from './Icon';
import { PopupMenu } from './PopupMenu';

interface GridColumnsMenuProps {
  readonly columns: readonly WireColumn[];
  readonly view: GridView;
  /** Where it opens: under the Columns button, right-aligned with it. */
  readonly at: { readonly top: number; readonly left: number };
  readonly dispatch: (a: GridViewAction) => void;
  readonly onClose: () => void;
}

/**
 * The grid's column list: show or hide each column, move it, and show a number column's epoch
 * seconds or milliseconds as a UTC timestamp (display only: copies and edits keep the number).
 */
export function GridColumnsMenu({ columns, view, at, dispatch, onClose }: GridColumnsMenuProps) {
  return (
    <PopupMenu
      className="grid-columns-menu"
      left={at.left}
      top={at.top}
      onClose={onClose}
      role="dialog"
      label="Columns"
      testId="grid-columns-menu"
    >
      <div style={{ maxHeight: `calc(100vh - ${at.top + 28}px)`, overflow: 'auto' }}>
        <div className="gcm-head">
          <b>Columns</b>
          <span className="spacer" />
          <button className="btn sm ghost" onClick={() => dispatch({ type: 'columns-reset' })}>
            Reset
          </button>
        </div>
        <ul>
          {view.order.map((i, at) => {
            const col = columns[i]!;
            const shown = !view.hidden.includes(i);
            return (
              <li key={i} data-testid="gcm-column">
                <label>
                  <input
                    type="checkbox"
                    checked={shown}
                    onChange={() => dispatch({ type: 'column-toggled', column: i })}
                    aria-label={`Show ${col.name}`}
                  />
                  <span className="gcm-name">{col.name}</span>
                  <span className="gcm-type">{shortType(col.type)}</span>
                </label>
                {isNumericType(col.type) ? (
                  <select
                    value={view.formats[i] ?? ''}
                    onChange={(e) =>
                      dispatch({
                        type: 'format-set',
                        column: i,
                        format: (e.target.value || null) as EpochUnit | null,
                      })
                    }
                    title="Show the number as a timestamp (display only)"
                    aria-label={`Format of ${col.name}`}
                    data-testid={`gcm-format-${col.name}`}
                  >
                    <option value="">as is</option>
                    <option value="epoch-s">epoch s → time</option>
                    <option value="epoch-ms">epoch ms → time</option>
                  </select>
                ) : null}
                <button
                  className="btn ghost icon sm"
                  disabled={at === 0}
                  onClick={() => dispatch({ type: 'column-moved', column: i, by: -1 })}
                  aria-label={`Move ${col.name} left`}
                  title="Move up: left in the grid"
                >
                  <Icon name="arrowUp" size={12} />
                </button>
                <button
                  className="btn ghost icon sm"
                  disabled={at === view.order.length - 1}
                  onClick={() => dispatch({ type: 'column-moved', column: i, by: 1 })}
                  aria-label={`Move ${col.name} right`}
                  title="Move down: right in the grid"
                >
                  <Icon name="arrowDown" size={12} />
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </PopupMenu>
  );
}

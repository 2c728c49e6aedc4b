import { serverTables } from '../../designer/designer-reducer';
import { localTableName } from '../../designer/generate-sql';
import { ErrorCallout } from '../ErrorCallout';
import { SqlPreview } from '../SqlPreview';
import type { DesignerPartProps } from './designer-props';
import { Outcome } from './Outcome';

/** The middle column in import mode: the server's tables to import, ticked. */
export function ImportPicker({
  state,
  dispatch,
  existing,
}: DesignerPartProps & { readonly existing: ReadonlySet<string> }) {
  const { importSel, schema, server } = state;
  const list = serverTables(state);
  const tables = list.kind === 'listed' ? list.tables : null;
  return (
    <div className="pad">
      <div className="h3">Tables to import from {server || '—'}</div>
      <div className="callout" style={{ marginBottom: 10 }}>
        One foreign table per DynamoDB table: keys as columns, everything else in <code>_attrs jsonb</code>.
        Unticked tables become an <code>EXCEPT</code> list (or the ticked ones a <code>LIMIT TO</code> list,
        whichever is shorter).
      </div>
      {list.kind === 'failed' ? <ErrorCallout failure={list.failure} testId="tables-error" /> : null}
      {list.kind === 'listing' ? <div className="tree-empty">Listing tables…</div> : null}
      <label className="check" style={{ marginBottom: 6 }}>
        <input
          type="checkbox"
          checked={!!tables && importSel.length === tables.length}
          onChange={(e) => dispatch({ type: 'import-all-set', on: e.target.checked })}
        />
        <b>All tables</b>
      </label>
      {(tables ?? []).map((t) => (
        <label key={t} className="check" style={{ padding: '3px 0 3px 18px' }} data-testid="import-check">
          <input
            type="checkbox"
            checked={importSel.includes(t)}
            onChange={(e) => dispatch({ type: 'import-toggled', table: t, on: e.target.checked })}
          />
          {t}
          {existing.has(`${schema}.${localTableName(t)}`) ? (
            <span style={{ color: 'var(--faint)', fontSize: 11 }}>exists — skipped</span>
          ) : null}
        </label>
      ))}
    </div>
  );
}

/** The right column in import mode: the target schema and the generated SQL. */
export function ImportSql({ state, dispatch, sql }: DesignerPartProps & { readonly sql: string }) {
  return (
    <div className="pad">
      <div className="field">
        <label htmlFor="d-into">Into schema</label>
        <input
          id="d-into"
          className="input"
          value={state.schema}
          onChange={(e) => dispatch({ type: 'text-set', key: 'schema', value: e.target.value })}
          list="schemas"
        />
      </div>
      <div className="h3" style={{ marginTop: 14 }}>
        Generated SQL
      </div>
      <SqlPreview sql={sql} testId="import-sql" />
      <div style={{ height: 12 }} />
      <Outcome message={state.message} />
    </div>
  );
}

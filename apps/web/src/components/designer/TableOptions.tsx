import { SqlPreview } from '../SqlPreview';
import type { DesignerPartProps } from './designer-props';
import { Outcome } from './Outcome';

/** The right column in table mode: schema, name, consistent reads and the generated SQL. */
export function TableOptions({
  state,
  dispatch,
  sql,
  exists,
}: DesignerPartProps & { readonly sql: string; readonly exists: boolean }) {
  const { schema, tableName, consistent, desc } = state;
  return (
    <div className="pad">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="d-schema">Schema</label>
          <input
            id="d-schema"
            className="input"
            value={schema}
            onChange={(e) => dispatch({ type: 'text-set', key: 'schema', value: e.target.value })}
            list="schemas"
          />
        </div>
        <div className="field">
          <label htmlFor="d-name">Table name</label>
          <input
            id="d-name"
            className="input"
            value={tableName}
            onChange={(e) => dispatch({ type: 'text-set', key: 'tableName', value: e.target.value })}
            data-testid="design-name"
          />
        </div>
      </div>
      <label className="check" style={{ marginTop: 10 }}>
        <input
          type="checkbox"
          checked={consistent}
          onChange={(e) => dispatch({ type: 'flag-set', key: 'consistent', value: e.target.checked })}
        />{' '}
        Strongly consistent reads (double RCU)
      </label>
      <div className="h3" style={{ marginTop: 14 }}>
        Generated SQL
      </div>
      {desc || state.origin ? (
        <SqlPreview sql={sql} testId="table-sql" />
      ) : (
        <div className="tree-empty" style={{ padding: 0 }}>
          Pick a table to generate the statement.
        </div>
      )}
      {exists ? (
        <div className="callout err" style={{ marginTop: 10 }}>
          {schema}.{tableName} already exists.
        </div>
      ) : null}
      <div style={{ height: 12 }} />
      <Outcome message={state.message} />
    </div>
  );
}

import { POSTGRES_TYPES } from '../../designer/generate-sql';
import type { ColumnChoice } from '../../designer/initial-columns';
import { formatBytes } from '../../format/format-bytes';
import { formatCount } from '../../format/format-cell';
import { sampleLine } from '../../designer/sample-line';
import { Icon } from '../Icon';
import { KeyBadge } from '../KeyBadge';
import type { DesignerPartProps } from './designer-props';

/** The middle column in table mode: the picked table's keys, indexes and columns to choose. */
export function TableColumns({ state, dispatch }: DesignerPartProps) {
  const { dynamoTable, desc, descLoading, columns, catchAll, catchAllName } = state;
  if (!dynamoTable) {
    return (
      <div className="empty-state">
        <div>
          <div className="empty-ill">
            <Icon name="table" size={20} />
          </div>
          <h3>Pick a DynamoDB table</h3>
          <p>
            Its keys, indexes and a sample of its items appear here; choose the columns you want and their
            Postgres types.
          </p>
        </div>
      </div>
    );
  }
  // A table being changed keeps its columns when DynamoDB cannot be described (the catalog is enough).
  if (descLoading || (!desc && !state.origin))
    return <div className="empty-state">Sampling {dynamoTable}…</div>;
  const change = (index: number, patch: Partial<ColumnChoice>) =>
    dispatch({ type: 'column-changed', index, patch });
  return (
    <div className="pad" data-testid="table-description">
      {desc ? (
        <>
          <div className="facts">
            <div className="fact">
              <span>Partition key</span>
              <b>
                {desc.partitionKey.name} <span className="ddb-type">{desc.partitionKey.type}</span>
              </b>
            </div>
            <div className="fact">
              <span>Sort key</span>
              <b>
                {desc.sortKey ? (
                  <>
                    {desc.sortKey.name} <span className="ddb-type">{desc.sortKey.type}</span>
                  </>
                ) : (
                  '—'
                )}
              </b>
            </div>
            <div className="fact">
              <span>Items</span>
              <b title="DescribeTable ItemCount (refreshed about every 6 hours)">
                {desc.itemCount ? formatCount(desc.itemCount) : 'not reported'}
              </b>
            </div>
            <div className="fact">
              <span>Size · billing</span>
              <b>
                {desc.sizeBytes ? formatBytes(desc.sizeBytes) : '—'} ·{' '}
                {desc.billingMode === 'PAY_PER_REQUEST'
                  ? 'on-demand'
                  : (desc.billingMode?.toLowerCase() ?? '—')}
              </b>
            </div>
          </div>
          {desc.indexes.length ? (
            <>
              <div className="h3">Indexes</div>
              <div className="chips" style={{ marginBottom: 6 }}>
                {desc.indexes.map((ix) => (
                  <span key={ix.name} className="chip" title={`projection ${ix.projection}`}>
                    {ix.kind} {ix.name}: {ix.partitionKey.name}
                    {ix.sortKey ? ` + ${ix.sortKey.name}` : ''}
                  </span>
                ))}
              </div>
            </>
          ) : null}
        </>
      ) : (
        <div className="callout err" style={{ marginBottom: 10 }} data-testid="alter-undescribed">
          DynamoDB could not describe {dynamoTable}: the columns are the catalog&apos;s, without a sample.
        </div>
      )}
      <div className="h3">
        Columns{' '}
        <span style={{ color: 'var(--faint)', fontWeight: 500 }} data-testid="designer-sampled">
          {desc ? `· ${sampleLine(desc)}` : '· from the catalog'}
        </span>
      </div>
      <table className="attr-table">
        <thead>
          <tr>
            <th style={{ width: 28 }} />
            <th>Attribute</th>
            <th>Type</th>
            <th>In sample</th>
            <th>Column</th>
            <th>Postgres type</th>
            <th>Not null</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c, i) => (
            <tr key={c.attribute} className={c.include ? '' : 'off'} data-testid="design-column">
              <td>
                <input
                  type="checkbox"
                  checked={c.include}
                  disabled={c.keyRole === 'partition'}
                  onChange={(e) => change(i, { include: e.target.checked })}
                  aria-label={`include ${c.attribute}`}
                />
              </td>
              <td>
                <span style={{ display: 'inline-flex', gap: 5, alignItems: 'center' }}>
                  <code>{c.attribute}</code>
                  <KeyBadge role={c.keyRole} />
                </span>
              </td>
              <td>
                {(c.seen ? c.seen.split('/') : []).map((t) => (
                  <span key={t} className="ddb-type">
                    {t}
                  </span>
                ))}
              </td>
              <td>
                {c.frequency !== null ? (
                  <span className="freq">
                    <span className="meter">
                      <i style={{ width: `${c.frequency * 100}%` }} />
                    </span>
                    {Math.round(c.frequency * 100)}%
                  </span>
                ) : null}
              </td>
              <td>
                <input
                  className="input"
                  value={c.name}
                  onChange={(e) => change(i, { name: e.target.value })}
                  style={{ width: 112 }}
                  aria-label={`column name for ${c.attribute}`}
                />
                {c.name !== c.attribute ? (
                  <div
                    className="attr-mapping"
                    data-testid="attribute-mapping"
                    title={`options (attribute '${c.attribute}'): the column reads and writes the attribute ${c.attribute}`}
                    style={{ color: 'var(--faint)', fontSize: 11, marginTop: 2 }}
                  >
                    reads <code>{c.attribute}</code>
                  </div>
                ) : null}
              </td>
              <td>
                <select
                  className="input"
                  value={c.type}
                  onChange={(e) => change(i, { type: e.target.value })}
                  aria-label={`type of ${c.attribute}`}
                >
                  {[...new Set([c.type, ...POSTGRES_TYPES])].map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  checked={c.notNull}
                  onChange={(e) => change(i, { notNull: e.target.checked })}
                  aria-label={`not null ${c.attribute}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ display: 'flex', gap: 14, alignItems: 'center', marginTop: 12 }}>
        <label className="check">
          <input
            type="checkbox"
            checked={catchAll}
            onChange={(e) => dispatch({ type: 'flag-set', key: 'catchAll', value: e.target.checked })}
          />{' '}
          Catch-all jsonb column
        </label>
        <input
          className="input"
          value={catchAllName}
          onChange={(e) => dispatch({ type: 'text-set', key: 'catchAllName', value: e.target.value })}
          disabled={!catchAll}
          style={{ width: 120 }}
          aria-label="catch-all column name"
        />
        <span style={{ color: 'var(--faint)', fontSize: 11.5 }}>
          receives every attribute not declared above
        </span>
      </div>
    </div>
  );
}

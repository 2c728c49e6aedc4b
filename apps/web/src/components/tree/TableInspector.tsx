import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { failureText, type FailureText } from '../../api/failure-text';
import type { TableInspection } from '../../api/wire';
import { indexRow, inspectorSections } from '../../inspector/inspector-facts';
import { ErrorCallout } from '../ErrorCallout';
import { Icon } from '../Icon';
import { Modal } from '../Modal';

/**
 * Everything DynamoDB says about a table (GET /api/servers/:server/tables/:table/inspect). Opened
 * on a foreign table, it shows that table's DynamoDB table; opened on a server, it lists the
 * server's tables to pick one.
 */
export function TableInspector({
  server,
  table: initialTable,
  onClose,
}: {
  readonly server: string;
  readonly table: string | null;
  readonly onClose: () => void;
}) {
  const [table, setTable] = useState(initialTable);
  const [tables, setTables] = useState<readonly string[] | null>(null);
  const [inspection, setInspection] = useState<TableInspection | null>(null);
  const [failure, setFailure] = useState<FailureText | null>(null);
  /** Refresh asks again; an answer is for one table and one ask (`done`), older ones are dropped. */
  const [asked, setAsked] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const key = `${table}\u0000${asked}`;

  useEffect(() => {
    if (initialTable !== null) return;
    api
      .tables(server)
      .then((list) => {
        setTables(list);
        setTable((t) => t ?? list[0] ?? null);
      })
      .catch((e: unknown) => setFailure(failureText(e)));
  }, [server, initialTable]);

  useEffect(() => {
    if (table === null) return;
    let live = true;
    const answered = (i: TableInspection | null, f: FailureText | null) => {
      if (!live) return;
      setInspection(i);
      setFailure(f);
      setDone(`${table}\u0000${asked}`);
    };
    api.inspect(server, table).then(
      (t) => answered(t, null),
      (e: unknown) => answered(null, failureText(e)),
    );
    return () => {
      live = false;
    };
  }, [server, table, asked]);
  const loading = table !== null && done !== key;

  const shown = inspection && inspection.table === table ? inspection : null;
  return (
    <Modal
      title={table ? `DynamoDB table ${table}` : 'Inspect a DynamoDB table'}
      subtitle={`On server ${server}: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource (no items read)`}
      icon={<Icon name="db" size={18} />}
      size="mid"
      label="Table inspector"
      onClose={onClose}
      footer={
        <>
          <span className="left">
            {shown ? `Described at ${shown.describedAt.slice(11, 19)} UTC` : loading ? 'Describing…' : ''}
          </span>
          <button className="btn" onClick={() => setAsked((n) => n + 1)} disabled={loading || table === null}>
            <Icon name="refresh" size={12} /> Refresh
          </button>
          <button className="btn primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="dialog-body" data-testid="table-inspector">
        {initialTable === null ? (
          <label className="inspector-picker">
            DynamoDB table
            <select
              value={table ?? ''}
              onChange={(e) => setTable(e.target.value)}
              disabled={!tables?.length}
              data-testid="inspector-table"
            >
              {tables === null ? <option value="">Listing tables…</option> : null}
              {(tables ?? []).map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {failure ? <ErrorCallout failure={failure} testId="inspector-error" /> : null}
        {shown ? <InspectionView inspection={shown} /> : null}
      </div>
    </Modal>
  );
}

/** The inspection itself: sections of facts, then the index table. */
export function InspectionView({ inspection }: { readonly inspection: TableInspection }) {
  return (
    <>
      <div className="inspector-grid">
        {inspectorSections(inspection).map((section) => (
          <section key={section.title} className="inspector-section" data-testid="inspector-section">
            <h3>{section.title}</h3>
            <dl>
              {section.facts.map((f) => (
                <div key={f.label} style={{ display: 'contents' }}>
                  <dt>{f.label}</dt>
                  <dd className={f.unavailable ? 'unavailable' : undefined} data-fact={f.label}>
                    {f.value}
                    {f.note ? <span className="note">{f.note}</span> : null}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <section className="inspector-section inspector-indexes">
        <h3>Indexes</h3>
        {inspection.indexes.length ? (
          <table data-testid="inspector-indexes">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Keys</th>
                <th>Projection</th>
                <th>Status</th>
                <th>Capacity</th>
                <th>Items</th>
              </tr>
            </thead>
            <tbody>
              {inspection.indexes.map((ix) => {
                const row = indexRow(ix, inspection.billingMode);
                return (
                  <tr key={ix.name}>
                    <td>{row.name}</td>
                    <td>{row.kind}</td>
                    <td>{row.keys}</td>
                    <td>{row.projection}</td>
                    <td>{row.status}</td>
                    <td>{row.capacity}</td>
                    <td title={row.size}>{row.items}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <div className="tree-note">No secondary indexes.</div>
        )}
      </section>
    </>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { CatalogSnapshot, TableDescription, WireScriptResult } from '../api/wire';
import { createForeignTableSql, createServerSql, importSchemaSql, localTableName, POSTGRES_TYPES } from '../designer/generate-sql';
import { initialColumns, type ColumnChoice } from '../designer/initial-columns';
import { formatCount } from '../format/format-cell';
import { Icon } from './Icon';
import { KeyBadge } from './KeyBadge';
import { Modal } from './Modal';
import { SqlPreview } from './SqlPreview';

interface DesignerProps {
  readonly catalog: CatalogSnapshot | null;
  readonly onClose: () => void;
  /** Runs generated SQL (recorded in history, secrets redacted). */
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  readonly onCreated: (query: string | null) => void;
}

type Mode = 'table' | 'import' | 'server';

function bytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function errorText(r: WireScriptResult): string | null {
  return r.error ? `${r.error.sqlstate ? r.error.sqlstate + ': ' : ''}${r.error.message}` : null;
}

/** Visual design of foreign tables, servers and schema imports; the SQL is always shown first. */
export function Designer({ catalog, onClose, runSql, onCreated }: DesignerProps) {
  const servers = catalog?.servers ?? [];
  const [mode, setMode] = useState<Mode>(servers.length ? 'table' : 'server');
  const [server, setServer] = useState<string>(servers[0]?.name ?? '');
  const [tables, setTables] = useState<string[] | null>(null);
  const [tablesError, setTablesError] = useState<string | null>(null);
  const [dynamoTable, setDynamoTable] = useState<string>('');
  const [desc, setDesc] = useState<TableDescription | null>(null);
  const [descLoading, setDescLoading] = useState(false);
  const [columns, setColumns] = useState<ColumnChoice[]>([]);
  const [schema, setSchema] = useState('dynamodb');
  const [tableName, setTableName] = useState('');
  const [catchAll, setCatchAll] = useState(true);
  const [catchAllName, setCatchAllName] = useState('_attrs');
  const [consistent, setConsistent] = useState(false);
  const [importSel, setImportSel] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [newServer, setNewServer] = useState({ name: 'my_dynamodb', region: 'us-east-1', endpointUrl: '', accessKeyId: '', secretAccessKey: '' });

  const existing = useMemo(() => new Set((catalog?.tables ?? []).map((t) => `${t.schema}.${t.name}`)), [catalog]);

  useEffect(() => {
    if (!server) return;
    setTables(null);
    setTablesError(null);
    setDynamoTable('');
    setDesc(null);
    api
      .tables(server)
      .then((t) => {
        setTables(t);
        setImportSel(t);
      })
      .catch((e: Error) => setTablesError(e.message));
  }, [server]);

  useEffect(() => {
    if (!server || !dynamoTable) return;
    setDescLoading(true);
    setDesc(null);
    api
      .describe(server, dynamoTable)
      .then((d) => {
        setDesc(d);
        setColumns(initialColumns(d));
        const local = localTableName(dynamoTable).toLowerCase();
        let name = local;
        for (let n = 2; existing.has(`${schema}.${name}`); n++) name = `${local}_${n}`;
        setTableName(name);
      })
      .catch((e: Error) => setMessage({ ok: false, text: e.message }))
      .finally(() => setDescLoading(false));
  }, [server, dynamoTable]);

  const tableSql = useMemo(() => {
    if (!desc) return '';
    const included = columns.filter((c) => c.include);
    return createForeignTableSql({
      schema,
      name: tableName || 'new_table',
      server,
      dynamoTable,
      columns: included.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull })),
      catchAll: catchAll && catchAllName ? catchAllName : null,
      rowidColumn: included.find((c) => c.keyRole === 'partition')?.name ?? null,
      consistentRead: consistent,
    });
  }, [desc, columns, schema, tableName, server, dynamoTable, catchAll, catchAllName, consistent]);
  const needsSchema = schema && !(catalog?.schemas ?? []).includes(schema);
  const tablePreview = needsSchema ? `create schema if not exists ${schema};\n${tableSql}` : tableSql;
  const importSql = tables ? importSchemaSql({ server, into: schema, all: tables, selected: importSel }) : '';
  const serverArgs = { ...newServer, wrapper: servers[0]?.wrapper ?? 'dynamodb_wrapper', createWrapper: servers.length === 0 };

  const execute = async (sql: string, done: (r: WireScriptResult) => void) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await runSql(sql);
      const err = errorText(r);
      if (err) setMessage({ ok: false, text: err });
      else done(r);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const update = (i: number, patch: Partial<ColumnChoice>) => setColumns((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  const serverList = (
    <div className="pad">
      <div className="h3">Server</div>
      <div className="pick-list">
        {servers.map((s) => (
          <button key={s.name} className={`pick${mode !== 'server' && s.name === server ? ' on' : ''}`} onClick={() => { setServer(s.name); if (mode === 'server') setMode('table'); }}>
            <Icon name="server" size={13} /> {s.name}
            <span className="meta">{s.options.region ?? ''}</span>
          </button>
        ))}
        <button className={`pick${mode === 'server' ? ' on' : ''}`} onClick={() => setMode('server')} data-testid="new-server">
          <Icon name="plus" size={13} /> New server…
        </button>
      </div>
      {mode === 'table' ? (
        <>
          <div className="h3">DynamoDB tables</div>
          {tablesError ? <div className="callout err">{tablesError}</div> : null}
          {!tables && !tablesError && server ? <div className="tree-empty">Listing tables…</div> : null}
          <div className="pick-list" data-testid="ddb-tables">
            {(tables ?? []).map((t) => (
              <button key={t} className={`pick${t === dynamoTable ? ' on' : ''}`} onClick={() => setDynamoTable(t)} data-testid="ddb-table">
                <Icon name="table" size={13} /> {t}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );

  let middle: React.ReactNode;
  let right: React.ReactNode;
  if (mode === 'server') {
    const field = (key: keyof typeof newServer, label: string, help?: string, type = 'text') => (
      <div className="field">
        <label htmlFor={`srv-${key}`}>{label}</label>
        <input id={`srv-${key}`} className="input" type={type} value={newServer[key]} onChange={(e) => setNewServer({ ...newServer, [key]: e.target.value })} autoComplete="off" />
        {help ? <span className="help">{help}</span> : null}
      </div>
    );
    middle = (
      <div className="pad">
        <div className="h3">New DynamoDB server</div>
        <div className="form-grid">
          {field('name', 'Server name')}
          {field('region', 'Region')}
        </div>
        <div style={{ height: 10 }} />
        {field('endpointUrl', 'Endpoint URL (optional)', 'For DynamoDB Local, dynalite or LocalStack, e.g. http://127.0.0.1:8000')}
        <div className="h3">Credentials</div>
        <div className="form-grid">
          {field('accessKeyId', 'Access key ID')}
          {field('secretAccessKey', 'Secret access key', undefined, 'password')}
        </div>
        <div style={{ height: 12 }} />
        <div className="callout">
          <Icon name="key" size={12} /> Credentials are stored in the encrypted vault with <code>vault.create_secret</code>; the server
          options only name the secrets. They are never kept in history.
        </div>
      </div>
    );
    right = (
      <div className="pad">
        <div className="h3">Generated SQL</div>
        <SqlPreview sql={createServerSql(serverArgs, true)} testId="server-sql" />
        <div style={{ height: 12 }} />
        {message ? <div className={`callout ${message.ok ? 'ok' : 'err'}`}>{message.text}</div> : null}
      </div>
    );
  } else if (mode === 'import') {
    middle = (
      <div className="pad">
        <div className="h3">Tables to import from {server || '—'}</div>
        <div className="callout" style={{ marginBottom: 10 }}>
          One foreign table per DynamoDB table: keys as columns, everything else in <code>_attrs jsonb</code>. Unticked tables become an{' '}
          <code>EXCEPT</code> list (or the ticked ones a <code>LIMIT TO</code> list, whichever is shorter).
        </div>
        <label className="check" style={{ marginBottom: 6 }}>
          <input type="checkbox" checked={!!tables && importSel.length === tables.length} onChange={(e) => setImportSel(e.target.checked ? tables ?? [] : [])} />
          <b>All tables</b>
        </label>
        {(tables ?? []).map((t) => (
          <label key={t} className="check" style={{ padding: '3px 0 3px 18px' }} data-testid="import-check">
            <input type="checkbox" checked={importSel.includes(t)} onChange={(e) => setImportSel(e.target.checked ? [...importSel, t] : importSel.filter((x) => x !== t))} />
            {t}
            {existing.has(`${schema}.${localTableName(t)}`) ? <span style={{ color: 'var(--faint)', fontSize: 11 }}>exists — skipped</span> : null}
          </label>
        ))}
      </div>
    );
    right = (
      <div className="pad">
        <div className="field">
          <label htmlFor="d-into">Into schema</label>
          <input id="d-into" className="input" value={schema} onChange={(e) => setSchema(e.target.value)} list="schemas" />
        </div>
        <div className="h3" style={{ marginTop: 14 }}>Generated SQL</div>
        <SqlPreview sql={importSql} testId="import-sql" />
        <div style={{ height: 12 }} />
        {message ? <div className={`callout ${message.ok ? 'ok' : 'err'}`}>{message.text}</div> : null}
      </div>
    );
  } else {
    middle = !dynamoTable ? (
      <div className="empty-state">
        <div>
          <div className="empty-ill">
            <Icon name="table" size={20} />
          </div>
          <h3>Pick a DynamoDB table</h3>
          <p>Its keys, indexes and a sample of its items appear here; choose the columns you want and their Postgres types.</p>
        </div>
      </div>
    ) : descLoading || !desc ? (
      <div className="empty-state">Sampling {dynamoTable}…</div>
    ) : (
      <div className="pad" data-testid="table-description">
        <div className="facts">
          <div className="fact">
            <span>Partition key</span>
            <b>
              {desc.partitionKey.name} <span className="ddb-type">{desc.partitionKey.type}</span>
            </b>
          </div>
          <div className="fact">
            <span>Sort key</span>
            <b>{desc.sortKey ? <>{desc.sortKey.name} <span className="ddb-type">{desc.sortKey.type}</span></> : '—'}</b>
          </div>
          <div className="fact">
            <span>Items</span>
            <b title="DescribeTable ItemCount (refreshed about every 6 hours)">{desc.itemCount ? formatCount(desc.itemCount) : 'not reported'}</b>
          </div>
          <div className="fact">
            <span>Size · billing</span>
            <b>
              {desc.sizeBytes ? bytes(desc.sizeBytes) : '—'} · {desc.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : desc.billingMode?.toLowerCase() ?? '—'}
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
        <div className="h3">
          Columns <span style={{ color: 'var(--faint)', fontWeight: 500 }}>· sampled {formatCount(desc.sampleSize)} items</span>
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
                  <input type="checkbox" checked={c.include} disabled={c.keyRole === 'partition'} onChange={(e) => update(i, { include: e.target.checked })} aria-label={`include ${c.attribute}`} />
                </td>
                <td>
                  <span style={{ display: 'inline-flex', gap: 5, alignItems: 'center' }}>
                    <code>{c.attribute}</code>
                    <KeyBadge role={c.keyRole} />
                  </span>
                </td>
                <td>
                  {c.seen.split('/').map((t) => (
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
                  <input className="input" value={c.name} onChange={(e) => update(i, { name: e.target.value })} style={{ width: 112 }} aria-label={`column name for ${c.attribute}`} />
                </td>
                <td>
                  <select className="input" value={c.type} onChange={(e) => update(i, { type: e.target.value })} aria-label={`type of ${c.attribute}`}>
                    {[...new Set([c.type, ...POSTGRES_TYPES])].map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input type="checkbox" checked={c.notNull} onChange={(e) => update(i, { notNull: e.target.checked })} aria-label={`not null ${c.attribute}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div style={{ display: 'flex', gap: 14, alignItems: 'center', marginTop: 12 }}>
          <label className="check">
            <input type="checkbox" checked={catchAll} onChange={(e) => setCatchAll(e.target.checked)} /> Catch-all jsonb column
          </label>
          <input className="input" value={catchAllName} onChange={(e) => setCatchAllName(e.target.value)} disabled={!catchAll} style={{ width: 120 }} aria-label="catch-all column name" />
          <span style={{ color: 'var(--faint)', fontSize: 11.5 }}>receives every attribute not declared above</span>
        </div>
      </div>
    );
    right = (
      <div className="pad">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="d-schema">Schema</label>
            <input id="d-schema" className="input" value={schema} onChange={(e) => setSchema(e.target.value)} list="schemas" />
          </div>
          <div className="field">
            <label htmlFor="d-name">Table name</label>
            <input id="d-name" className="input" value={tableName} onChange={(e) => setTableName(e.target.value)} data-testid="design-name" />
          </div>
        </div>
        <label className="check" style={{ marginTop: 10 }}>
          <input type="checkbox" checked={consistent} onChange={(e) => setConsistent(e.target.checked)} /> Strongly consistent reads (double RCU)
        </label>
        <div className="h3" style={{ marginTop: 14 }}>Generated SQL</div>
        {desc ? <SqlPreview sql={tablePreview} testId="table-sql" /> : <div className="tree-empty" style={{ padding: 0 }}>Pick a table to generate the statement.</div>}
        {existing.has(`${schema}.${tableName}`) ? <div className="callout err" style={{ marginTop: 10 }}>{schema}.{tableName} already exists.</div> : null}
        <div style={{ height: 12 }} />
        {message ? <div className={`callout ${message.ok ? 'ok' : 'err'}`}>{message.text}</div> : null}
      </div>
    );
  }

  const footer =
    mode === 'server' ? (
      <button
        className="btn primary"
        disabled={busy || !newServer.name || !newServer.accessKeyId || !newServer.secretAccessKey}
        onClick={() =>
          void execute(createServerSql(serverArgs), () => {
            setMessage({ ok: true, text: `Server ${newServer.name} created.` });
            onCreated(null);
            setServer(newServer.name);
            setMode('table');
          })
        }
      >
        Create server
      </button>
    ) : mode === 'import' ? (
      <button className="btn primary" disabled={busy || !importSel.length} onClick={() => void execute(importSql, () => { onCreated(`select * from ${schema}.${localTableName(importSel[0] ?? '')} limit 100;`); onClose(); })} data-testid="run-import">
        Import {importSel.length} table{importSel.length === 1 ? '' : 's'}
      </button>
    ) : (
      <button
        className="btn primary"
        disabled={busy || !desc || !tableName}
        data-testid="create-table"
        onClick={() =>
          void execute(tablePreview, () => {
            onCreated(`select * from ${tableSql.match(/^create foreign table (\S+)/)?.[1] ?? tableName} limit 100;`);
            onClose();
          })
        }
      >
        {busy ? 'Creating…' : 'Create foreign table'}
      </button>
    );

  return (
    <Modal
      label="Table designer"
      size="wide"
      title="Table designer"
      subtitle="Map DynamoDB tables to Postgres foreign tables. The SQL is shown before anything runs."
      onClose={onClose}
      footer={
        <>
          <span className="left">Runs in your workbench session · recorded in history</span>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          {footer}
        </>
      }
    >
      <div style={{ padding: '12px 18px 0' }}>
        <div className="seg">
          <button className={mode === 'table' ? 'on' : ''} onClick={() => setMode('table')} disabled={!servers.length}>
            Foreign table
          </button>
          <button className={mode === 'import' ? 'on' : ''} onClick={() => setMode('import')} disabled={!servers.length} data-testid="mode-import">
            Import schema
          </button>
          <button className={mode === 'server' ? 'on' : ''} onClick={() => setMode('server')}>
            Server
          </button>
        </div>
      </div>
      <datalist id="schemas">
        {(catalog?.schemas ?? []).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <div className="designer">
        <div className="col">{serverList}</div>
        <div className="col">{middle}</div>
        <div className="col">{right}</div>
      </div>
    </Modal>
  );
}

/* global Blob */
// The embedded Postgres (PGlite) on a thread of its own: long host work never blocks the engine's
// event loop (HTTP, DynamoDB sockets). pglite-host.ts sends { id, op, args } and gets back
// { id, value | error, inTransaction, catalogChanged? }. Plain JavaScript, so it loads the same under node, tsx and vitest.
import { Buffer } from 'node:buffer';
import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { PGlite, parse, protocol } from '@electric-sql/pglite';

const identity = (value) => value;
let db;
/** The channel catalog changes are notified on, once the `listen` op ran (catalog-notify.ts). */
let catalogChannel;
/** A catalog change was notified since the last answer. */
let catalogChanged = false;
/** User SQL that may have ended the LISTEN (UNLISTEN, DISCARD ALL): it is issued again after it. */
const MAY_UNLISTEN = /\b(unlisten|discard)\b/i;

/**
 * PGlite's start-up parameters with 16MB of shared buffers instead of the 128MB initdb writes into
 * postgresql.conf: PGlite's mmap zero-fills all of its shared memory as Postgres starts (a memset
 * that was ~0.4 s of a warm restart's critical path at 32MB, under the start's other work: the pages
 * are faulted in one by one). 128MB → 32MB made an open of a filled data directory ~0.4 s faster;
 * 32MB → 16MB (24MB of shared memory instead of 42MB) another ~0.1 s (medians of 7 restarts, 1.29 →
 * 1.19 s from the worker's start to PGlite's). The engine's tables and the user's PGlite tables do
 * not need more: a 50MB table's create, group-by scans, 3000 lookups by index, update, sort and temp
 * copy took the same time with 16MB as with 32MB (a seq scan larger than a quarter of the buffers
 * goes through a small ring either way). 8MB was ~0.07 s faster still, but its scans ~25% slower.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

const ERROR_FIELDS = [
  'name',
  'code',
  'severity',
  'position',
  'detail',
  'hint',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'where',
  'internalPosition',
  'internalQuery',
  'file',
  'line',
  'routine',
];

const { serialize } = protocol;

/**
 * A statement without parameters in one pass through Postgres: Parse, Bind, Describe, Execute and Sync
 * handed over together, where PGlite's query() hands them over one at a time, each a call into its
 * WASM (a `select 1` took ~0.05 ms this way against ~0.13–0.18 ms, ~0.25 against ~0.4 ms after the
 * thread had idled 2 ms). Still the extended protocol: a text of two statements is refused (42601) as
 * query() refuses it, and errors, notices and notifications come as they do there.
 */
async function oneStatement(sql, onNotice) {
  const messages = await db.execProtocolStream(
    Buffer.concat([
      serialize.parse({ text: sql }),
      serialize.bind({ values: [] }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]),
    { syncToFs: false, onNotice },
  );
  // As query() does: the files are synced after a statement outside a transaction block.
  if (!db.isInTransaction()) await db.syncToFs();
  const result = parse.parseResults(messages, db.parsers, { rowMode: 'array' })[0];
  // parseResults keeps a field's name and type only: the RowDescription's own fields go to the wire.
  return { ...result, fields: fieldsOf(messages) ?? result.fields };
}

/** The RowDescription among `messages` as host.ts's HostFields (host-field.ts's mapping), undefined without one. */
function fieldsOf(messages) {
  const description = messages.find((m) => m.name === 'rowDescription');
  return description?.fields.map((f) => ({
    name: f.name,
    dataTypeID: f.dataTypeID,
    typmod: f.dataTypeModifier,
    tableId: f.tableID,
    columnId: f.columnID,
  }));
}

const hostField = (f) => ({
  name: f.name,
  typeId: f.dataTypeID,
  typmod: f.typmod ?? -1,
  tableId: f.tableId ?? 0,
  columnId: f.columnId ?? 0,
});

const handlers = {
  async open({ dataDir, loadDataDir }) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create({
      startParams: START_PARAMS,
      ...(dataDir && { dataDir }),
      ...(loadDataDir && { loadDataDir: new Blob([loadDataDir]) }),
    });
    // Every type as Postgres's text output: PGlite's own parsers (int8, numeric, json, dates, arrays)
    // are replaced once here, not per query (a query's own `parsers` option copies the whole map).
    // The map PGlite made holds every type it has a parser for (its defaults are among them); a type
    // without one — the user's own — is given as its text already.
    db.parsers = Object.fromEntries(Object.keys(db.parsers).map((oid) => [oid, identity]));
  },
  async query({ sql, params, blob }) {
    const notices = [];
    const onNotice = (n) => notices.push(n.message ?? '');
    // Whatever names PGlite's in-memory file goes through query(), which takes back what was written
    // to it: the engine's COPY (copyBlob), and a user's, refused for want of the role but leaving nothing behind.
    const r =
      params?.length || sql.includes('/dev/blob')
        ? await db.query(sql, params, { rowMode: 'array', onNotice, ...(blob && { blob: new Blob([blob]) }) })
        : await oneStatement(sql, onNotice);
    // COPY ... TO '/dev/blob' hands its output back as a blob (COPY ... FROM '/dev/blob' reads `blob`).
    const output = r.blob ? new Uint8Array(await r.blob.arrayBuffer()) : undefined;
    return {
      fields: r.fields.map(hostField),
      rows: r.rows,
      affectedRows: r.affectedRows,
      notices,
      output,
    };
  },
  async listen({ channel }) {
    if (!catalogChannel)
      db.onNotification((notified) => {
        if (notified === catalogChannel) catalogChanged = true;
      });
    catalogChannel = channel;
    await db.exec(`listen ${channel}`);
  },
  async describe({ sql, paramTypes }) {
    // Parse, Describe and Sync in one pass, as describeQuery() sends them, read here for the
    // RowDescription's typmods and origins, which describeQuery() leaves out.
    const messages = await db.execProtocolStream(
      Buffer.concat([
        serialize.parse({ text: sql, types: paramTypes }),
        serialize.describe({ type: 'S' }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const parameters = messages.find((m) => m.name === 'parameterDescription');
    return {
      fields: (fieldsOf(messages) ?? []).map(hostField),
      paramTypes: parameters?.dataTypeIDs ?? [],
    };
  },
  async exec({ sql }) {
    await db.exec(sql);
  },
  async dump() {
    const blob = await db.dumpDataDir('gzip');
    return new Uint8Array(await blob.arrayBuffer());
  },
  async close() {
    if (db && !db.closed) await db.close();
  },
};

/**
 * One operation at a time, in the order sent: PGlite is one connection, and oneStatement's protocol
 * exchange must not interleave with another operation's.
 */
let turn = Promise.resolve();
parentPort.on('message', (message) => {
  turn = turn.then(() => answer(message));
});

async function answer({ id, op, args }) {
  const state = () => (db && !db.closed ? db.isInTransaction() : false);
  // A notification arrives while the statement that committed the change runs: its answer tells.
  const told = () => {
    const changed = catalogChanged;
    catalogChanged = false;
    return changed ? { catalogChanged: true } : {};
  };
  try {
    const value = await handlers[op](args);
    if (catalogChannel && MAY_UNLISTEN.test(args?.sql ?? ''))
      await db.exec(`listen ${catalogChannel}`).catch(() => undefined);
    parentPort.postMessage({ id, value, inTransaction: state(), ...told() });
  } catch (e) {
    const error = { message: e instanceof Error ? e.message : String(e) };
    for (const k of ERROR_FIELDS) if (e && e[k] !== undefined) error[k] = e[k];
    parentPort.postMessage({ id, error, inTransaction: state(), ...told() });
  }
}

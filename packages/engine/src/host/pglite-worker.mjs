/* global Blob */
// The embedded Postgres (PGlite) on a thread of its own: long host work never blocks the engine's
// event loop (HTTP, DynamoDB sockets). pglite-host.ts sends { id, op, args } and gets back
// { id, value | error, inTransaction, catalogChanged? }. Plain JavaScript, so it loads the same under node, tsx and vitest.
import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const identity = (value) => value;
let db;
/** The channel catalog changes are notified on, once the `listen` op ran (catalog-notify.ts). */
let catalogChannel;
/** A catalog change was notified since the last answer. */
let catalogChanged = false;
/** User SQL that may have ended the LISTEN (UNLISTEN, DISCARD ALL): it is issued again after it. */
const MAY_UNLISTEN = /\b(unlisten|discard)\b/i;

/**
 * PGlite's start-up parameters with 32MB of shared buffers instead of the 128MB initdb writes into
 * postgresql.conf: PGlite's mmap zero-fills all of its shared memory as Postgres starts, and touching
 * those pages made an open of a filled data directory ~0.4 s slower (~1.45 s of CPU instead of ~1.05 s,
 * 69k page faults instead of 47k). The engine's tables and the user's PGlite tables do not need more
 * (a seq scan larger than a quarter of the buffers goes through a small ring either way; a 47MB
 * table's create, scans, 3000 lookups by index and update took the same time with either).
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

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
  'routine',
];

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
    const oids = await db.query('select oid::int from pg_type');
    db.parsers = Object.fromEntries(oids.rows.map((r) => [r.oid, identity]));
  },
  async query({ sql, params, blob }) {
    const notices = [];
    const r = await db.query(sql, params, {
      rowMode: 'array',
      onNotice: (n) => notices.push(n.message ?? ''),
      ...(blob && { blob: new Blob([blob]) }),
    });
    // COPY ... TO '/dev/blob' hands its output back as a blob (COPY ... FROM '/dev/blob' reads `blob`).
    const output = r.blob ? new Uint8Array(await r.blob.arrayBuffer()) : undefined;
    return {
      fields: r.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })),
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
  async describe({ sql }) {
    const d = await db.describeQuery(sql);
    return d.resultFields.map((f) => ({ name: f.name, typeId: f.dataTypeID }));
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

parentPort.on('message', async ({ id, op, args }) => {
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
});

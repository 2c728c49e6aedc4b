import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Engine } from '@dynascope/engine';
import { startDynalite } from './backends';
import { load } from './dataset';
import { createEventsTable, event, EVENTS_DDL } from './events';

/**
 * `npm run bench:copy -w @dynascope/bench`: the memory of a whole-table export (`COPY ... TO STDOUT`)
 * as the table grows. The events table (events.ts) is loaded up to each of COPY_SIZES (default
 * 100,000 and 400,000 items) in dynalite (its own process), and exported in csv and in DynamoDB JSON;
 * each line is the benchmark process's peak RSS during the export (engine, PGlite and SDK) and its
 * peak live heap over the heap before it. Flat figures mean the export holds a batch, not the table.
 */
const SIZES = (process.env.COPY_SIZES ?? '100000,400000').split(',').map(Number);
const FORMATS = ['csv', 'dynamodb_json'] as const;

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const log = (s: string) => process.stderr.write(s + '\n');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc (npm run bench:copy does)');

/**
 * One export to the end, its bytes counted and dropped. Peak RSS sampled every 10 ms; the live heap
 * (after a forced GC) every 250 ms, so garbage not yet collected does not count as held.
 */
async function exportPeak(engine: Engine, sql: string) {
  gc!();
  const heap0 = process.memoryUsage().heapUsed;
  let rss = process.memoryUsage.rss();
  let heap = heap0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 10);
  const live = setInterval(() => {
    gc!();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }, 250);
  const t0 = performance.now();
  let bytes = 0;
  try {
    const done = await engine.copyTo(sql, { onChunk: (b) => void (bytes += b.byteLength) });
    return { rows: done.rowCount, bytes, ms: performance.now() - t0, rss, heap: heap - heap0, heap0 };
  } finally {
    clearInterval(sampler);
    clearInterval(live);
  }
}

const backend = await startDynalite();
const client = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: backend.endpoint,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const engine = await Engine.open({ dataDir: mkdtempSync(join(tmpdir(), 'dynascope-bench-copy-')) });
try {
  await createEventsTable(client, 'copy_events');
  const setup = await engine.execute(`
    create foreign data wrapper dynamodb_wrapper;
    create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
    create schema bench;
    ${EVENTS_DDL('copy_events')}`);
  if (setup.error) throw new Error(setup.error.message);
  const lines = [
    '| items | format | rows | MiB out | s | peak RSS of the process | peak live heap over before |',
    '|---|---|---|---|---|---|---|',
  ];
  let loaded = 0;
  for (const size of SIZES) {
    // Items loaded..size-1 only: the table grows to each size.
    const from = loaded;
    await load(
      client,
      'copy_events',
      size - from,
      (i) => event(from + i),
      (n) => log(`  loaded ${from + n}`),
    );
    loaded = size;
    for (const format of FORMATS) {
      const r = await exportPeak(engine, `copy bench.events to stdout (format ${format})`);
      if (r.rows !== size) throw new Error(`exported ${r.rows} of ${size} items`);
      const line = `| ${size.toLocaleString('en-US')} | ${format} | ${r.rows.toLocaleString('en-US')} | ${mib(r.bytes)} | ${(r.ms / 1000).toFixed(1)} | ${mib(r.rss)} MiB | ${mib(r.heap)} MiB (of ${mib(r.heap0)}) |`;
      lines.push(line);
      log(line);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  await engine.close();
  client.destroy();
  await backend.stop();
}

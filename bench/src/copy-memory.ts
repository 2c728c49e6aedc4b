import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Engine } from '@dynascope/engine';
import { startDynalite } from './backends';
import { load } from './dataset';
import { mib, peak } from './peak-memory';
import { createEventsTable, event, EVENTS_DDL } from './events';

/**
 * `npm run bench:copy -w @dynascope/bench`: the memory of a whole-table export (`COPY ... TO STDOUT`)
 * as the table grows. The events table (events.ts) is loaded up to each of COPY_SIZES (default
 * 100,000 and 1,000,000 items, the sizes issue 16 asks about; loading 1M takes a while) in dynalite
 * (its own process), exported in csv and in DynamoDB JSON, and as many csv rows are imported as a
 * dry run (`engine.copyPreview`: staged and checked, not written);
 * each line is the benchmark process's peak RSS during the export (engine, PGlite and SDK) and its
 * peak live heap over the heap before it. Flat figures mean the export holds a batch, not the table.
 */
const SIZES = (process.env.COPY_SIZES ?? '100000,1000000').split(',').map(Number);
const FORMATS = ['csv', 'dynamodb_json'] as const;

const log = (s: string) => process.stderr.write(s + '\n');

/** `count` csv rows of the events table (~150 bytes each), made as they are read, 64 KiB at a time. */
async function* csvRows(count: number, bytes: { n: number }): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let piece = '';
  for (let n = 0; n < count; n++) {
    piece += `${n % 1000},${1_800_000_000_000 + n},${`imported-${n}-`.padEnd(100, 'x')},${n % 5000},${n % 10000}.${n % 100}\n`;
    if (piece.length >= 65536 || n === count - 1) {
      const chunk = encoder.encode(piece);
      bytes.n += chunk.byteLength;
      piece = '';
      yield chunk;
    }
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
    '| items | COPY | rows | MiB out / in | s | peak RSS of the process | peak live heap over before |',
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
    const row = (what: string, rows: number, bytes: number, r: Awaited<ReturnType<typeof peak>>) => {
      const line = `| ${size.toLocaleString('en-US')} | ${what} | ${rows.toLocaleString('en-US')} | ${mib(bytes)} | ${(r.ms / 1000).toFixed(1)} | ${mib(r.rss)} MiB | ${mib(r.heap)} MiB (of ${mib(r.heap0)}) |`;
      lines.push(line);
      log(line);
    };
    for (const format of FORMATS) {
      let bytes = 0;
      const r = await peak(() =>
        engine.copyTo(`copy bench.events to stdout (format ${format})`, {
          onChunk: (b) => void (bytes += b.byteLength),
        }),
      );
      if (r.out.rowCount !== size) throw new Error(`exported ${r.out.rowCount} of ${size} items`);
      row(`export, ${format}`, r.out.rowCount, bytes, r);
    }
    // The same number of rows in, checked and staged but not written (a dry run): the input is read
    // as it is made, so the process holds a chunk of it, not all of it.
    const sent = { n: 0 };
    const r = await peak(() =>
      engine.copyPreview(
        'copy bench.events (device_id, ts, kind, duration_ms, value) from stdin (format csv)',
        csvRows(size, sent),
      ),
    );
    if (r.out.rowCount !== size) throw new Error(`checked ${r.out.rowCount} of ${size} rows`);
    row('import dry run, csv', r.out.rowCount, sent.n, r);
  }
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  await engine.close();
  client.destroy();
  await backend.stop();
}

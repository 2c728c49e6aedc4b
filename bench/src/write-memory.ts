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
 * `npm run bench:write -w @dynascope/bench`: the memory of large writes as the table grows (issue 18:
 * bounded, flat, not proportional to the items). The events table (events.ts) is loaded up to each of
 * WRITE_SIZES (default 20,000 and 100,000 items: every statement writes each item once, and dynalite
 * takes UpdateItem/DeleteItem one at a time, 130–360 a second here: at 100k the four took 25 minutes, 1M hours)
 * in dynalite (its own process); then, each over every item:
 *   update bench.events set duration_ms = duration_ms + 1 where duration_ms >= 0  (pushed: a Scan filter)
 *   update bench.events set duration_ms = duration_ms - 1 where length(kind) > 0  (evaluated in the host)
 *   insert into bench.events2 select * from bench.events                         (BatchWriteItem)
 *   delete from bench.events2 where length(kind) > 0                              (evaluated in the host)
 * Each line is the benchmark process's peak RSS during the statement over its RSS before it (engine,
 * PGlite and SDK) and its peak live heap over the heap before it (a forced GC every 250 ms, so garbage
 * not yet collected does not count as held). Flat figures mean a write holds a batch, not the table.
 */
const SIZES = (process.env.WRITE_SIZES ?? '20000,100000').split(',').map(Number);
/** WRITE_ONLY=insert (a word of the statements' names below): those statements alone, e.g. the INSERT in a minute. */
const ONLY = process.env.WRITE_ONLY;

const log = (s: string) => process.stderr.write(s + '\n');

const STATEMENTS = [
  {
    name: 'update, pushed filter (UpdateItem)',
    sql: 'update bench.events set duration_ms = duration_ms + 1 where duration_ms >= 0',
  },
  {
    name: 'update, host filter (UpdateItem)',
    sql: 'update bench.events set duration_ms = duration_ms - 1 where length(kind) > 0',
  },
  { name: 'insert ... select (BatchWriteItem)', sql: 'insert into bench.events2 select * from bench.events' },
  { name: 'delete, host filter (DeleteItem)', sql: 'delete from bench.events2 where length(kind) > 0' },
] as const;

const backend = await startDynalite();
const client = new DynamoDBClient({
  region: 'us-east-1',
  endpoint: backend.endpoint,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const engine = await Engine.open({ dataDir: mkdtempSync(join(tmpdir(), 'dynascope-bench-write-')) });
try {
  await createEventsTable(client, 'write_events');
  await createEventsTable(client, 'write_events2');
  const setup = await engine.execute(`
    create foreign data wrapper dynamodb_wrapper;
    create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
    create schema bench;
    ${EVENTS_DDL('write_events')};
    ${EVENTS_DDL('write_events2').replace('bench.events', 'bench.events2')}`);
  if (setup.error) throw new Error(setup.error.message);
  const lines = [
    '| items | statement | rows | s | peak RSS growth (of the process before) | peak live heap over before |',
    '|---|---|---|---|---|---|',
  ];
  let loaded = 0;
  for (const size of SIZES) {
    // Items loaded..size-1 only: the table grows to each size.
    const from = loaded;
    await load(
      client,
      'write_events',
      size - from,
      (i) => event(from + i),
      (n) => log(`  loaded ${from + n}`),
    );
    loaded = size;
    for (const { name, sql } of STATEMENTS.filter((s) => !ONLY || s.name.includes(ONLY))) {
      const r = await peak(() => engine.execute(sql));
      if (r.out.error) throw new Error(`${sql}: ${r.out.error.message}`);
      const rows = r.out.statements.at(-1)?.rowCount ?? 0;
      if (rows !== size) throw new Error(`${sql}: ${rows} rows of ${size}`);
      const line = `| ${size.toLocaleString('en-US')} | ${name} | ${rows.toLocaleString('en-US')} | ${(r.ms / 1000).toFixed(1)} | ${mib(r.rss - r.rss0)} MiB (of ${mib(r.rss0)}) | ${mib(r.heap)} MiB (of ${mib(r.heap0)}) |`;
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

import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CopyProgress } from '@dynascope/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  uniqueName,
} from '../support/harness';

const PHASES = ['reading', 'checking', 'writing'] as const;

/** How many items the table holds (a consistent Scan, counted). */
async function countItems(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let start: ScanCommand['input']['ExclusiveStartKey'];
  do {
    const out = await client.send(
      new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start, ConsistentRead: true }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

/** `rows` tab-separated rows `<prefix><i>\t<i>`, as COPY's text format. */
const textRows = (prefix: string, rows: number) =>
  new TextEncoder().encode(Array.from({ length: rows }, (_, i) => `${prefix}${i}\t${i}`).join('\n') + '\n');

describe.each(BACKENDS)('COPY FROM progress on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const whole = uniqueName('progress');
  const paced = uniqueName('paced');
  const stopped = uniqueName('stopped');

  beforeAll(async () => {
    client = clientOf(backend);
    for (const t of [whole, paced, stopped]) await createTable(client, t, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table progress (id text not null, n integer) server dynamodb_server options (table '${whole}', rowid_column 'id');
       create foreign table paced (id text not null, n integer) server dynamodb_server options (table '${paced}', rowid_column 'id');
       create foreign table stopped (id text not null, n integer) server dynamodb_server options (table '${stopped}', rowid_column 'id');`,
    );
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('reports reading, then checking every row, then writing, ending at the rows and WCU of its answer', async () => {
    const body = textRows('w', 2500);
    const frames: CopyProgress[] = [];
    const done = await engine.copyFrom('copy progress from stdin', body, {
      onCopyProgress: (p) => frames.push(p),
    });
    expect(done.rowCount).toBe(2500);
    const order = frames.map((f) => PHASES.indexOf(f.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(frames.map((f) => f.phase))).toEqual(new Set(PHASES));
    const lastRead = frames.findLast((f) => f.phase === 'reading')!;
    expect(lastRead).toMatchObject({ bytesRead: body.length, rowsRead: 2500, rowCount: null });
    const checking = frames.filter((f) => f.phase === 'checking');
    expect(checking[0]).toMatchObject({ rowCount: 2500, rowsChecked: 0, rowsWritten: 0 });
    expect(checking.at(-1)).toMatchObject({ rowCount: 2500, rowsChecked: 2500, rowsWritten: 0 });
    expect(frames.at(-1)).toMatchObject({
      phase: 'writing',
      rowCount: 2500,
      rowsChecked: 2500,
      rowsWritten: 2500,
      consumedWcu: done.consumedWcu,
    });
    expect(done.consumedWcu).toBeGreaterThanOrEqual(2500);
    expect(await countItems(client, whole)).toBe(2500);
  }, 120_000);

  it('a dry run reports reading and checking, and nothing written', async () => {
    const frames: CopyProgress[] = [];
    const preview = await engine.copyPreview('copy progress from stdin', textRows('d', 300), {
      onCopyProgress: (p) => frames.push(p),
    });
    expect(preview.rowCount).toBe(300);
    expect(frames.some((f) => f.phase === 'writing')).toBe(false);
    expect(frames.at(-1)).toMatchObject({
      phase: 'checking',
      rowCount: 300,
      rowsChecked: 300,
      rowsWritten: 0,
    });
  });

  it('while the governor paces the writes, reports rows written as they land, the WCU so far and the rate against its limit', async () => {
    const session = 'paced-copy';
    await engine.execute('set dynascope.max_wcu_per_second = 100', { session });
    const frames: CopyProgress[] = [];
    const done = await engine.copyFrom('copy paced from stdin', textRows('p', 400), {
      session,
      onCopyProgress: (p) => frames.push(p),
    });
    expect(done.rowCount).toBe(400);
    expect(done.plan?.write?.rateLimit).toMatchObject({ wcuPerSecond: 100, source: 'session' });
    const writing = frames.filter((f) => f.phase === 'writing');
    // 400 WCU at 100 WCU/s: several seconds, reported every 250 ms.
    const during = writing.filter((f) => f.rowsWritten > 0 && f.rowsWritten < 400);
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (const f of writing) expect(f.maxWcuPerSecond).toBe(100);
    for (let i = 1; i < writing.length; i++) {
      expect(writing[i]!.rowsWritten).toBeGreaterThanOrEqual(writing[i - 1]!.rowsWritten);
      expect(writing[i]!.consumedWcu).toBeGreaterThanOrEqual(writing[i - 1]!.consumedWcu);
    }
    expect(during.some((f) => f.consumedWcu > 0 && f.consumedWcu < done.consumedWcu)).toBe(true);
    expect(during.some((f) => (f.wcuPerSecond ?? 0) > 0)).toBe(true);
    expect(writing.at(-1)).toMatchObject({ rowsWritten: 400, consumedWcu: done.consumedWcu });
  }, 120_000);

  it('a cancel while writing stops the writes at once and says how many rows were written; the same COPY again completes it', async () => {
    const session = 'stopped-copy';
    await engine.execute('set dynascope.max_wcu_per_second = 50', { session });
    const body = textRows('c', 1000);
    const cancel = new AbortController();
    const err = await engine
      .copyFrom('copy stopped from stdin', body, {
        session,
        signal: cancel.signal,
        onCopyProgress: (p) => {
          if (p.rowsWritten >= 100) cancel.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    const e = err as EngineError;
    expect(e.sqlstate).toBe('57014');
    const written = Number(/\((\d+) rows written before the error\)$/.exec(e.message)?.[1]);
    expect(written).toBeGreaterThanOrEqual(100);
    expect(written).toBeLessThan(1000);
    expect(e.hint).toMatch(/running the same COPY again completes it \(1000 rows in all\)/);
    // A batch in flight is answered, not cut off: DynamoDB holds exactly the rows the error counts,
    // and nothing more lands once it has answered.
    const after = await countItems(client, stopped);
    expect(after).toBe(written);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await countItems(client, stopped)).toBe(after);
    await engine.execute('reset dynascope.max_wcu_per_second', { session });
    const done = await engine.copyFrom('copy stopped from stdin', body, { session });
    expect(done.rowCount).toBe(1000);
    expect(await countItems(client, stopped)).toBe(1000);
  }, 120_000);
});

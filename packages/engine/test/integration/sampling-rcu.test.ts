import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Sampling for estimates is a read like any other (issue 17, defect 8): when DescribeTable reports
 * no size, the statement that samples the table reports the sample's RCU (samplingRcu on its scan,
 * counted in the statement's consumedRcu), under EXPLAIN too; the next one plans with the cached
 * figures and reads nothing for them.
 */
describe('the RCU of sampling for estimates on dynalite', () => {
  const backend = 'dynalite' as const;
  let engine: Engine;
  const table = uniqueName('sampled');
  const other = uniqueName('sampled2');
  const third = uniqueName('sampled3');
  const fourth = uniqueName('sampled4');
  const fifth = uniqueName('sampled5');

  beforeAll(async () => {
    const client = clientOf(backend);
    for (const name of [table, other, third, fourth, fifth]) {
      await createTable(client, name, { name: 'id', type: 'S' });
      await putItems(
        client,
        name,
        Array.from({ length: 30 }, (_, i) => ({ id: { S: `k${i}` }, v: { S: 'x'.repeat(500) } })),
      );
    }
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema sr;
       create foreign table sr.t (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table sr.u (id text not null, v text) server dynamodb_server options (table '${other}', rowid_column 'id');
       create foreign table sr.w (id text not null, v text) server dynamodb_server options (table '${third}', rowid_column 'id');
       create foreign table sr.p (id text not null, v text) server dynamodb_server options (table '${fourth}', rowid_column 'id');
       create foreign table sr.c (id text not null, v text) server dynamodb_server options (table '${fifth}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  it('EXPLAIN of a fresh table reports the sample it read; a second EXPLAIN reads nothing', async () => {
    const first = await engine.explain(`select * from sr.t where v = 'y'`);
    expect(first.error).toBeUndefined();
    const [s1] = first.statements;
    const scan = s1!.plan!.scans[0]!;
    // dynalite's DescribeTable reports no size: the planner sampled the table.
    expect(scan.estimateBasis).toBe('sampled');
    expect(scan.samplingRcu).toBeGreaterThan(0);
    expect(scan.consumedRcu).toBeNull();
    expect(s1!.consumedRcu).toBe(scan.samplingRcu);
    // One page of 30 items of ~510 bytes, eventually consistent: ceil(30 * 510 / 4096) / 2 = 2 RCU.
    expect(scan.samplingRcu).toBe(Math.ceil((30 * (2 + 3 + 1 + 500 + 3)) / 4096) / 2);

    const second = await engine.explain(`select * from sr.t where v = 'z'`);
    expect(second.statements[0]!.plan!.scans[0]!.samplingRcu).toBeUndefined();
    expect(second.statements[0]!.consumedRcu).toBe(0);
  });

  it('SQL EXPLAIN shows the sample in its text and counts it', async () => {
    const [s] = await ok(engine, `explain select * from sr.w`);
    const text = s!.rows.map((r) => r[0]).join('\n');
    expect(text).toContain(
      `  Sampling for Estimates: ${s!.plan!.scans[0]!.samplingRcu} RCU read (once per table, then cached)`,
    );
    expect(s!.consumedRcu).toBeGreaterThan(0);
    const [again] = await ok(engine, `explain select * from sr.w`);
    expect(again!.rows.map((r) => r[0]).join('\n')).not.toContain('Sampling for Estimates');
  });

  it('a run that samples counts the sample beside what its scan read', async () => {
    const [s] = await ok(engine, `select count(*) from sr.u`);
    const scan = s!.plan!.scans[0]!;
    expect(scan.samplingRcu).toBeGreaterThan(0);
    expect(scan.consumedRcu).toBeGreaterThan(0);
    expect(s!.consumedRcu).toBe(scan.consumedRcu! + scan.samplingRcu!);
    const [again] = await ok(engine, `select count(*) from sr.u`);
    expect(again!.plan!.scans[0]!.samplingRcu).toBeUndefined();
    expect(again!.consumedRcu).toBe(again!.plan!.scans[0]!.consumedRcu);
  });

  // One owner for a statement's RCU (planRcu): a write preview and a COPY count the sample too.
  it('a write preview that samples reports the sample in its consumedRcu', async () => {
    const p = await engine.preview(`update sr.p set v = 'y' where v > 'w'`);
    expect(p.error).toBeUndefined();
    const [s] = p.statements;
    const scan = s!.plan.scans[0]!;
    expect(scan.samplingRcu).toBeGreaterThan(0);
    expect(scan.consumedRcu).toBeGreaterThan(0);
    expect(s!.consumedRcu).toBe(scan.consumedRcu! + scan.samplingRcu!);
  });

  it('a COPY TO that samples reports the sample in its consumedRcu', async () => {
    const done = await engine.copyTo(`copy (select id from sr.c where v > 'w') to stdout`, {
      onChunk: () => undefined,
    });
    expect(done.rowCount).toBe(30);
    const scan = done.plan!.scans[0]!;
    expect(scan.samplingRcu).toBeGreaterThan(0);
    expect(scan.consumedRcu).toBeGreaterThan(0);
    expect(done.consumedRcu).toBe(scan.consumedRcu! + scan.samplingRcu!);
  });
});

// DynamoDB Local's DescribeTable counts items as they are written: its figures are used, nothing is read.
describe('no sampling where DescribeTable has the size (DynamoDB Local)', () => {
  let engine: Engine;
  const table = uniqueName('described');

  beforeAll(async () => {
    const client = clientOf('dynamodb-local');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'k1' } }, { id: { S: 'k2' } }]);
    engine = await openTestEngine();
    await createDocServer(engine, 'dynamodb-local');
    await ok(
      engine,
      `create foreign table public.described (id text not null) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  it('EXPLAIN reads nothing and reports nothing', async () => {
    const [s] = (await engine.explain('select * from described')).statements;
    expect(s!.plan!.scans[0]!.estimateBasis).toBe('describe-table');
    expect(s!.plan!.scans[0]!.samplingRcu).toBeUndefined();
    expect(s!.consumedRcu).toBe(0);
  });
});

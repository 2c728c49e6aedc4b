import { DeleteItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { topNHooks } from '../../src/run/top-n';
import type { ScanPlan } from '../../src/types';
import { answered } from '../support/differential-run';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * A top-N by keys (issue 18; plan/statement/top-n-shape.ts `keysThenFetch`, run/top-n.ts): the Scan
 * projects only the keys, the sort and checked columns, the engine keeps the best N, then reads those
 * N items whole by key. Every statement is compared with Postgres itself over an ordinary table with
 * the same rows (`local.tk`), on both emulators; each asserts whether the key read ran. A write made
 * between the two reads (a hook in the runner, the write a real DynamoDB request) must not change the
 * answer from what Postgres says of the table after that write.
 */

type Item = Record<string, AttributeValue>;

const KINDS = ['click', 'view', 'Über', '😀', '', 'zeta', 'Zeta'];
/** Each item carries ~1.5 KB the top-N does not sort or check (in `_attrs` and a jsonb column). */
const PAD = 'p'.repeat(1500);
const COUNT = 400;

const lit = (s: string) => "'" + s.replace(/'/g, "''") + "'";

interface Row {
  readonly item: Item;
  readonly sql: string;
}

function generate(): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < COUNT; i++) {
    const id = `k${String(i).padStart(4, '0')}`;
    const item: Item = { id: { S: id } };
    const values = [lit(id)];
    // Ties: 60 distinct ts values; NULL and missing ts too.
    const ts = 1_700_000_000_000 + ((i * 37) % 60);
    if (i % 23 === 0) values.push('null');
    else if (i % 29 === 0) {
      item.ts = { NULL: true };
      values.push('null');
    } else {
      item.ts = { N: String(ts) };
      values.push(String(ts));
    }
    const kind = KINDS[i % KINDS.length]!;
    if (i % 11 === 0) values.push('null');
    else {
      item.kind = { S: kind };
      values.push(lit(kind));
    }
    // DynamoDB keeps no trailing zero: the last digit is never 0.
    const amount = `${(i * 7919) % 1000}.${i % 10}${(i % 9) + 1}`;
    item.amount = { N: amount };
    values.push(amount);
    const payload = { src: i % 3 ? 'app' : 'web', pad: `${PAD}${i}` };
    item.payload = { M: { src: { S: payload.src }, pad: { S: payload.pad } } };
    values.push(lit(JSON.stringify(payload)));
    // The rest goes to the catch-all `_attrs`.
    item.note = { S: `note ${i} ${PAD.slice(0, 200)}` };
    values.push(lit(JSON.stringify({ note: item.note.S })));
    out.push({ item, sql: `(${values.join(', ')})` });
  }
  return out;
}

const COLUMNS = 'id text not null, ts bigint, kind text, amount numeric, payload jsonb, _attrs jsonb';

interface Q {
  readonly sql: string;
  /** Whether the kept items are read by key (the plan's scan has a `keyFetch`). */
  readonly byKey: boolean;
  readonly empty?: boolean;
  readonly unordered?: boolean;
}

const QUERIES: Q[] = [
  { sql: `select * from {s}.tk order by ts desc, id limit 10`, byKey: true },
  { sql: `select * from {s}.tk order by ts, id limit 10`, byKey: true },
  { sql: `select * from {s}.tk order by ts desc nulls last, id desc limit 7`, byKey: true },
  { sql: `select * from {s}.tk order by ts nulls first, id limit 12`, byKey: true },
  { sql: `select id, payload from {s}.tk order by kind desc nulls last, amount limit 5`, byKey: true },
  // Ties on the sort column: the host orders them by id afterwards.
  { sql: `select id, ts, _attrs from {s}.tk order by ts desc, id limit 20`, byKey: true },
  { sql: `select * from {s}.tk order by amount desc, id limit 10 offset 5`, byKey: true },
  { sql: `select * from {s}.tk order by 3 desc nulls first, 1 limit 8`, byKey: true },
  // A filter DynamoDB applies, and one the host checks (then the host sorts every item).
  {
    sql: `select * from {s}.tk where amount > 500 and amount < 700 order by ts desc, id limit 6`,
    byKey: true,
  },
  { sql: `select * from {s}.tk where amount > 500 order by ts, id limit 9`, byKey: true },
  { sql: `select * from {s}.tk where upper(kind) = 'ZETA' order by ts desc, id limit 6`, byKey: false },
  // A text filter DynamoDB applies widened (numbers and booleans read as text too) is checked again locally.
  { sql: `select * from {s}.tk where kind = 'zeta' order by ts desc, id limit 6`, byKey: false },
  // WITH TIES, LIMIT larger than the table, LIMIT 0: the same rows, whichever way they are read.
  // Rows tied on ts come in any order: compared as sets.
  {
    sql: `select * from {s}.tk order by ts desc fetch first 3 rows with ties`,
    byKey: false,
    unordered: true,
  },
  { sql: `select * from {s}.tk order by ts, id limit 5000`, byKey: false },
  { sql: `select * from {s}.tk order by ts limit 0`, byKey: false, empty: true },
  // A Query of one partition, expected small: a plain top-N. A table read with consistent reads.
  { sql: `select * from {s}.tg where grp = 'g1' order by amount desc, id limit 5`, byKey: false },
  { sql: `select * from {s}.tg where grp = 'g2' order by ts nulls first, id limit 8 offset 2`, byKey: false },
  { sql: `select * from {s}.tc order by ts desc nulls last, id limit 6`, byKey: true },
  // Only sorted and checked columns: nothing to leave out of the Scan.
  { sql: `select id, ts from {s}.tk order by ts desc, id limit 10`, byKey: false },
];

type Outcome = Awaited<ReturnType<typeof answered>>;
const run = answered;

const idOf = (row: string) => (JSON.parse(row) as unknown[])[0];
const scanOf = (o: Outcome): ScanPlan => o.result.plan!.scans[0]!;

describe.each(BACKENDS)('top-N by keys vs Postgres on %s', (backend) => {
  let engine: Engine;
  let table: string;
  const client = clientOf(backend);

  beforeAll(async () => {
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const rows = generate();
    table = uniqueName('topn_key');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      rows.map((r) => r.item),
    );
    // The same rows in three partitions of a table with a sort key (`grp`, `id`): a Query's top-N.
    const grouped = uniqueName('topn_key_grp');
    await createTable(client, grouped, { name: 'grp', type: 'S' }, { name: 'id', type: 'S' });
    const grp = (i: number) => `g${i % 3}`;
    await putItems(
      client,
      grouped,
      rows.map((r, i) => ({ grp: { S: grp(i) }, ...r.item })),
    );
    await ok(
      engine,
      `create schema dynamodb; create schema local;
       create foreign table dynamodb.tk (${COLUMNS}) server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table dynamodb.tc (${COLUMNS}) server dynamodb_server options (table '${table}', rowid_column 'id', consistent_read 'true');
       create foreign table dynamodb.tg (grp text not null, ${COLUMNS}) server dynamodb_server options (table '${grouped}', rowid_column 'grp');
       create table local.tk (${COLUMNS});
       insert into local.tk values ${rows.map((r) => r.sql).join(',\n')};
       create view local.tc as select * from local.tk;
       create table local.tg (grp text not null, ${COLUMNS});
       insert into local.tg values ${rows.map((r, i) => `(${lit(grp(i))}, ${r.sql.slice(1)}`).join(',\n')};`,
    );
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  afterEach(() => {
    topNHooks.betweenReads = undefined;
  });

  it.each(QUERIES.map((q) => [q.sql, q] as const))('%s', async (_, q) => {
    const foreign = await run(engine, q.sql.replaceAll('{s}', 'dynamodb'));
    const local = await run(engine, q.sql.replaceAll('{s}', 'local'));
    const fetch = scanOf(foreign).keyFetch;
    expect(fetch !== undefined).toBe(q.byKey);
    expect(foreign.columns).toBe(local.columns);
    if (q.empty) expect(local.rows).toEqual([]);
    else expect(local.rows.length).toBeGreaterThan(0);
    // The ids first (a readable difference), then every value.
    const order = (rows: string[]) => (q.unordered ? [...rows].sort() : rows);
    expect(order(foreign.rows).map(idOf)).toEqual(order(local.rows).map(idOf));
    expect(order(foreign.rows)).toEqual(order(local.rows));
    if (fetch) {
      expect(fetch.readScanAgain).toBe(false);
      expect(fetch.returnedCount).toBeGreaterThan(0);
      expect(fetch.consumedRcu).toBeGreaterThan(0);
    }
  });

  it('EXPLAIN shows the narrow Scan, then the key read, each with its RCU', async () => {
    const explained = await run(engine, `explain select * from dynamodb.tk order by ts desc limit 10`);
    const lines = explained.rows.map((r) => (JSON.parse(r) as string[])[0]!);
    expect(lines[0]).toBe(
      'Streaming Top-N in the engine  (order by ts desc; keeps 10 items; later requests ask for ts >= the worst kept)',
    );
    expect(lines).toContain('  Projection: id, ts, kind, amount');
    expect(lines).toContain(
      `  Then BatchGetItem of up to 10 kept keys on ${table}  (Projection: all attributes)`,
    );
    expect(lines.some((l) => /^ {4}Estimated RCU: 5$/.test(l))).toBe(true);
    const scan = scanOf(explained);
    expect(scan.request.operation).toBe('Scan');
    expect(scan.request.input).toMatchObject({ ProjectionExpression: expect.any(String) });
    const analyzed = await run(engine, `explain analyze select * from dynamodb.tk order by ts desc limit 10`);
    const actual = analyzed.rows.map((r) => (JSON.parse(r) as string[])[0]!);
    expect(actual.some((l) => /^ {4}Actual RCU: [1-9][\d.]*, items returned: 10, requests: 1$/.test(l))).toBe(
      true,
    );
  });

  it('the key read of a consistent table is consistent; a Query of a small partition is not read by key', async () => {
    const consistent = await run(engine, `explain select * from dynamodb.tc order by ts desc limit 10`);
    const lines = consistent.rows.map((r) => (JSON.parse(r) as string[])[0]!);
    expect(lines).toContain(
      `  Then BatchGetItem of up to 10 kept keys on ${table}  (Projection: all attributes, consistent)`,
    );
    expect(lines.some((l) => /^ {4}Estimated RCU: 10$/.test(l))).toBe(true);
    // A partition the planner expects to be small (1.5 RCU): reading 3 items by key would cost more
    // than a quarter of it, so the Query reads whole items as a plain top-N.
    const query = await run(
      engine,
      `explain select * from dynamodb.tg where grp = 'g1' order by amount limit 3`,
    );
    expect(scanOf(query).request.operation).toBe('Query');
    expect(scanOf(query).estimatedRcu).toBeLessThan(6);
    expect(scanOf(query).keyFetch).toBeUndefined();
    expect(scanOf(query).request.input).not.toHaveProperty('ProjectionExpression');
  });

  it('a kept item changed between the Scan and the key read: read again, the answer after the write', async () => {
    const sql = `select * from {s}.tk order by ts desc nulls last, id limit 5`;
    const before = await run(engine, sql.replaceAll('{s}', 'local'));
    const top = (JSON.parse(before.rows[0]!) as string[])[0]!;
    // The best item falls to the bottom while the statement runs.
    topNHooks.betweenReads = async () => {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: { S: top } },
          UpdateExpression: 'SET ts = :t',
          ExpressionAttributeValues: { ':t': { N: '1' } },
        }),
      );
    };
    const foreign = await run(engine, sql.replaceAll('{s}', 'dynamodb'));
    topNHooks.betweenReads = undefined;
    await ok(engine, `update local.tk set ts = 1 where id = ${lit(top)}`);
    const local = await run(engine, sql.replaceAll('{s}', 'local'));
    expect(local.rows).not.toEqual(before.rows);
    expect(foreign.rows).toEqual(local.rows);
    expect(scanOf(foreign).keyFetch?.readScanAgain).toBe(true);
    // Both Scans counted: twice the items of one.
    expect(scanOf(foreign).scannedCount).toBe(2 * COUNT);
  });

  it('a kept item deleted between the reads: read again, the answer after the delete', async () => {
    const sql = `select * from {s}.tk order by amount desc, id limit 4`;
    const before = await run(engine, sql.replaceAll('{s}', 'local'));
    const second = (JSON.parse(before.rows[1]!) as string[])[0]!;
    topNHooks.betweenReads = async () => {
      await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: second } } }));
    };
    const foreign = await run(engine, sql.replaceAll('{s}', 'dynamodb'));
    topNHooks.betweenReads = undefined;
    await ok(engine, `delete from local.tk where id = ${lit(second)}`);
    const local = await run(engine, sql.replaceAll('{s}', 'local'));
    expect(foreign.rows).toEqual(local.rows);
    expect(scanOf(foreign).keyFetch?.readScanAgain).toBe(true);
  });

  it('an attribute nothing sorts or checks changed between the reads: the fetched item, no second Scan', async () => {
    const sql = `select id, ts, _attrs from {s}.tk order by ts desc nulls last, id limit 3`;
    const before = await run(engine, sql.replaceAll('{s}', 'local'));
    const top = (JSON.parse(before.rows[0]!) as string[])[0]!;
    topNHooks.betweenReads = async () => {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: { S: top } },
          UpdateExpression: 'SET note = :n',
          ExpressionAttributeValues: { ':n': { S: 'changed' } },
        }),
      );
    };
    const foreign = await run(engine, sql.replaceAll('{s}', 'dynamodb'));
    topNHooks.betweenReads = undefined;
    await ok(engine, `update local.tk set _attrs = '{"note": "changed"}' where id = ${lit(top)}`);
    const local = await run(engine, sql.replaceAll('{s}', 'local'));
    expect(foreign.rows).toEqual(local.rows);
    expect(scanOf(foreign).keyFetch?.readScanAgain).toBe(false);
  });
});

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  fails,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type LoggedRequest, type RequestLog } from '../support/request-log';

/**
 * A streaming aggregate or DISTINCT projects only the attributes the statement names, not the table's
 * keys besides (plan/statement/evaluated-attributes.ts): read from a relay, every Scan page's
 * ProjectionExpression names exactly those; results equal Postgres's over a local table of the same
 * rows, items lacking every projected attribute included (DynamoDB sends them as `{}`). A value that
 * does not fit its column is reported with its item's key, as the host path reports it (spec §2); a
 * statement inside a transaction block holding writes to the table sees them (it reads through the host).
 */

type Item = Record<string, AttributeValue>;

const COLUMNS = 'id text not null, sk integer not null, kind text, n integer, _attrs jsonb';
const KINDS = ['a', 'b', 'c', 'd'];

/** Item i: kind and n for most, neither for every 17th (only its keys), kind alone for every 13th. */
function item(i: number): { item: Item; row: string } {
  const id = `u${i % 40}`;
  const sk = i;
  const bare = i % 17 === 0;
  const kind = bare ? null : KINDS[(i * 7) % KINDS.length]!;
  const n = bare || i % 13 === 0 ? null : (i * 31) % 100;
  return {
    item: {
      id: { S: id },
      sk: { N: String(sk) },
      ...(kind !== null && { kind: { S: kind } }),
      ...(n !== null && { n: { N: String(n) } }),
    },
    row: `('${id}', ${sk}, ${kind === null ? 'null' : `'${kind}'`}, ${n ?? 'null'}, null)`,
  };
}

/** The attribute names a request's ProjectionExpression reads. */
function projected(r: LoggedRequest): string[] {
  const names = (r.body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  return String(r.body.ProjectionExpression ?? '')
    .split(', ')
    .map((p) => names[p] ?? p)
    .sort();
}

const QUERIES: { sql: string; reads: string[] }[] = [
  {
    sql: 'select kind, count(*), sum(n), avg(n) from {s}.sp group by kind order by kind',
    reads: ['kind', 'n'],
  },
  { sql: 'select count(distinct kind), count(n) from {s}.sp', reads: ['kind', 'n'] },
  { sql: 'select distinct kind from {s}.sp order by 1', reads: ['kind'] },
  // A key named by the statement is read; the other is not.
  { sql: 'select id, count(*) from {s}.sp group by id order by 2 desc, 1 limit 3', reads: ['id'] },
  { sql: 'select kind, max(sk) from {s}.sp group by kind order by kind', reads: ['kind', 'sk'] },
];

describe.each(BACKENDS)('streaming aggregates read only the attributes they name, on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  const client = clientOf(backend);
  const table = uniqueName('sp');
  const bad = uniqueName('sp_bad');

  beforeAll(async () => {
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    const items = Array.from({ length: 600 }, (_, i) => item(i));
    await createTable(client, table, { name: 'id', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      items.map((x) => x.item),
    );
    await createTable(client, bad, { name: 'id', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(client, bad, [
      ...Array.from({ length: 50 }, (_, i) => item(i).item),
      { id: { S: 'zz-bad' }, sk: { N: '7' }, kind: { S: 'a' }, n: { S: 'seven' } },
    ]);
    await ok(
      engine,
      `create schema dynamodb; create schema local;
       create foreign table dynamodb.sp (${COLUMNS}) server dynamodb_server options (table '${table}', rowid_column 'id');
       create foreign table dynamodb.bad (${COLUMNS}) server dynamodb_server options (table '${bad}', rowid_column 'id');
       create table local.sp (${COLUMNS});
       insert into local.sp values ${items.map((x) => x.row).join(',\n')};`,
    );
    await engine.explain('select * from dynamodb.sp');
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  it.each(QUERIES.map((q) => [q.sql, q] as const))('%s', async (_, q) => {
    const from = log.requests.length;
    const foreign = await rows(engine, q.sql.replaceAll('{s}', 'dynamodb'));
    const scans = log.requests.slice(from).filter((r) => r.operation === 'Scan');
    expect(foreign).toEqual(await rows(engine, q.sql.replaceAll('{s}', 'local')));
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(projected(scan)).toEqual(q.reads);
  });

  it('counts the items that have none of the attributes read', async () => {
    // Every 17th item has only its keys: DynamoDB sends it as {} under a projection of kind.
    expect(await rows(engine, 'select count(*) from dynamodb.sp where kind is null')).toEqual([['36']]);
    expect(await rows(engine, 'select kind, count(*) from dynamodb.sp group by kind order by kind')).toEqual(
      await rows(engine, 'select kind, count(*) from local.sp group by kind order by kind'),
    );
  });

  it('EXPLAIN shows the projection the Scan sends', async () => {
    const explained = await ok(engine, 'explain select kind, sum(n) from dynamodb.sp group by kind');
    const lines = explained.at(-1)!.rows.map((r) => String(r[0]));
    expect(lines[0]).toMatch(/^Streaming Aggregate in the engine/);
    expect(lines).toContain('  Projection: kind, n');
    // The basis is said once: `(sampled: ~600 items of …)`, not `(sampled: sampled: …)`.
    const estimate = lines.find((l) => l.startsWith('  Estimated RCU: '))!;
    expect(estimate).toMatch(/\([a-z-]+: /);
    expect(estimate).not.toMatch(/(\w+): \1:/);
  });

  it('names the key of an item whose value does not fit, as the host path does', async () => {
    const hostPath = await fails(engine, 'select id, sk, n from dynamodb.bad');
    expect(hostPath.sqlstate).toBe('42804');
    expect(hostPath.message).toContain('item {"id": "zz-bad", "sk": 7}');
    const from = log.requests.length;
    const streamed = await fails(engine, 'select kind, sum(n) from dynamodb.bad group by kind');
    expect(streamed.sqlstate).toBe(hostPath.sqlstate);
    expect(streamed.message).toBe(hostPath.message);
    // The failing page was read again with the keys besides.
    const scans = log.requests.slice(from).filter((r) => r.operation === 'Scan');
    expect(scans.map(projected)).toContainEqual(['id', 'kind', 'n', 'sk']);
    expect(projected(scans[0]!)).toEqual(['kind', 'n']);
  });

  it("inside a transaction block sees the block's own writes, then leaves DynamoDB as it was", async () => {
    const sql = 'select kind, count(*), sum(n) from {s}.sp group by kind order by kind';
    const before = await rows(engine, sql.replaceAll('{s}', 'dynamodb'));
    const r = await engine.execute(
      `begin;
       insert into dynamodb.sp (id, sk, kind, n) values ('new', 1, 'zz', 5);
       update dynamodb.sp set kind = 'zz', n = 1 where id = 'u1' and sk = 1;
       delete from dynamodb.sp where id = 'u2' and sk = 2;
       ${sql.replaceAll('{s}', 'dynamodb')};`,
      { pageSize: 100_000 },
    );
    expect(r.error).toBeUndefined();
    const inBlock = JSON.parse(toJson(r.statements.at(-1)!.rows)) as unknown[][];
    // The same writes to the local table, inside the same block.
    await ok(
      engine,
      `insert into local.sp (id, sk, kind, n) values ('new', 1, 'zz', 5);
       update local.sp set kind = 'zz', n = 1 where id = 'u1' and sk = 1;
       delete from local.sp where id = 'u2' and sk = 2;`,
    );
    const local = await rows(engine, sql.replaceAll('{s}', 'local'));
    await ok(engine, 'rollback');
    expect(inBlock).toEqual(local);
    expect(local).not.toEqual(before);
    expect(await rows(engine, sql.replaceAll('{s}', 'dynamodb'))).toEqual(before);
  });
});

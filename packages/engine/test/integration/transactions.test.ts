import { readFileSync } from 'node:fs';
import {
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import {
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  putItems,
  uniqueName,
  type Backend,
} from '../support/harness';
import { startRequestLog, type RequestLog } from '../support/request-log';

/**
 * Transactions (issue 13, part 4): inside BEGIN ... COMMIT writes to foreign tables are held in the
 * session and applied at COMMIT as one TransactWriteItems (DynamoDB Local has it); what DynamoDB holds
 * is checked directly with the SDK.
 */
async function openEngine(backend: Backend): Promise<Engine> {
  const engine = await Engine.open({
    loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
    vaultKey: 'transactions',
    transactionWaitMs: 200,
  });
  await createDocServer(engine, backend);
  return engine;
}

function script(engine: Engine, session?: string) {
  const run = (sql: string) => engine.execute(sql, { pageSize: 1000, ...(session && { session }) });
  return {
    run,
    /** The last statement's rows as JSON values; fails the test on an error. */
    async rows(sql: string): Promise<unknown[][]> {
      const r = await run(sql);
      if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
      return JSON.parse(toJson(r.statements.at(-1)!.rows)) as unknown[][];
    },
    async ok(sql: string) {
      const r = await run(sql);
      if (r.error)
        throw new Error(`${r.error.sqlstate} ${r.error.message} (statement ${r.error.statementIndex})`);
      return r.statements;
    },
  };
}

describe('transactions on dynamodb-local', () => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('txn');
  let sql: ReturnType<typeof script>;

  const item = async (id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item;
  const ids = async () =>
    ((await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [])
      .map((i) => i.id!.S!)
      .sort();

  beforeAll(async () => {
    client = clientOf('dynamodb-local');
    await createTable(client, table, { name: 'id', type: 'S' });
    engine = await openEngine('dynamodb-local');
    sql = script(engine);
    await sql.ok(
      `create foreign table t (id text not null, n integer, tag text)
         server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  beforeEach(async () => {
    const r = await sql.run('rollback');
    expect(r.error).toBeUndefined();
    const seed: Record<string, AttributeValue>[] = [
      { id: { S: 'a' }, n: { N: '1' }, tag: { S: 'x' } },
      { id: { S: 'b' }, n: { N: '2' }, tag: { S: 'y' } },
    ];
    // Back to a and b only.
    await sql.ok(`delete from t where id not in ('a', 'b')`);
    await putItems(client, table, seed);
  });

  it('ROLLBACK leaves DynamoDB unchanged; the plan says the writes are held', async () => {
    const s = await sql.ok(
      `begin;
       update t set n = n + 10 where id = 'a';
       insert into t values ('c', 3, 'z');
       delete from t where id = 'b'`,
    );
    expect(s.map((x) => x.rowCount)).toEqual([0, 1, 1, 1]);
    expect(s[1]!.plan!.write).toMatchObject({ atomic: true, requests: 0, consumedWcu: 0 });
    expect(await ids()).toEqual(['a', 'b']);
    await sql.ok('rollback');
    expect(await ids()).toEqual(['a', 'b']);
    expect((await item('a'))!.n).toEqual({ N: '1' });
  });

  it('COMMIT applies every held write at once', async () => {
    const s = await sql.ok(
      `begin;
       update t set n = n + 10 where id = 'a';
       insert into t values ('c', 3, 'z');
       delete from t where id = 'b';
       commit`,
    );
    expect(s.at(-1)!.command).toBe('COMMIT');
    expect(s.at(-1)!.notices.join('\n')).toMatch(
      /COMMIT wrote 3 DynamoDB item\(s\) in one TransactWriteItems/,
    );
    expect(await ids()).toEqual(['a', 'c']);
    expect((await item('a'))!.n).toEqual({ N: '11' });
    expect(await item('c')).toEqual({ id: { S: 'c' }, n: { N: '3' }, tag: { S: 'z' } });
  });

  it('reads in the block see its own inserts, updates and deletes (point lookups, filters, counts, joins)', async () => {
    await sql.ok(
      `begin;
       insert into t values ('c', 3, 'z');
       update t set n = 100, tag = 'w' where id = 'a';
       delete from t where id = 'b'`,
    );
    expect(await sql.rows('select id, n, tag from t order by id')).toEqual([
      ['a', 100, 'w'],
      ['c', 3, 'z'],
    ]);
    expect(await sql.rows(`select n from t where id = 'a'`)).toEqual([[100]]);
    expect(await sql.rows(`select * from t where id = 'b'`)).toEqual([]);
    expect(await sql.rows(`select id from t where tag = 'w'`)).toEqual([['a']]);
    expect(await sql.rows(`select id from t where n = 2`)).toEqual([]);
    expect(await sql.rows('select count(*) from t')).toEqual([['2']]);
    expect(await sql.rows('select id from t limit 5')).toHaveLength(2);
    expect(await sql.rows(`select x.id, y.id from t x join t y on x.n = y.n order by 1`)).toEqual([
      ['a', 'a'],
      ['c', 'c'],
    ]);
    // A second write to the same item composes onto the first (one item in the transaction).
    await sql.ok(`update t set n = n + 1 where id = 'a'; update t set n = n * 2 where id = 'c'`);
    expect(await sql.rows('select id, n from t order by id')).toEqual([
      ['a', 101],
      ['c', 6],
    ]);
    // Nothing reached DynamoDB yet.
    expect(await ids()).toEqual(['a', 'b']);
    await sql.ok('commit');
    expect(await ids()).toEqual(['a', 'c']);
    expect(await item('a')).toEqual({ id: { S: 'a' }, n: { N: '101' }, tag: { S: 'w' } });
    expect((await item('c'))!.n).toEqual({ N: '6' });
  });

  it('writes through a view and a data-modifying WITH are held too', async () => {
    await sql.ok('create or replace view big_t as select * from t where n >= 2');
    const s = await sql.ok(
      `begin;
       update big_t set tag = 'v' where id = 'b';
       with d as (delete from t where id = 'a' returning id, n) select * from d`,
    );
    expect(s[1]!.plan!.write).toMatchObject({ atomic: true });
    expect(JSON.parse(toJson(s[2]!.rows))).toEqual([['a', 1]]);
    expect(await ids()).toEqual(['a', 'b']);
    expect((await item('b'))!.tag).toEqual({ S: 'y' });
    await sql.ok('commit');
    expect(await ids()).toEqual(['b']);
    expect((await item('b'))!.tag).toEqual({ S: 'v' });
  });

  it('a failed statement aborts the block (25P02), and COMMIT then rolls back, writing nothing', async () => {
    // A host error ...
    let r = await sql.run(`begin; update t set n = 5 where id = 'a'; select 1 / 0`);
    expect(r.error?.sqlstate).toBe('22012');
    r = await sql.run(`select * from t`);
    expect(r.error?.sqlstate).toBe('25P02');
    r = await sql.run('commit');
    expect(r.error).toBeUndefined();
    expect(r.statements[0]!.command).toBe('ROLLBACK');
    expect((await item('a'))!.n).toEqual({ N: '1' });
    // ... and an error the engine raises (a key update), after the host ran part of the statement.
    r = await sql.run(`begin; insert into t values ('d', 4); update t set id = 'e' where id = 'a'`);
    expect(r.error?.sqlstate).toBe('0A000');
    r = await sql.run(`insert into t values ('f', 6)`);
    expect(r.error?.sqlstate).toBe('25P02');
    r = await sql.run('commit');
    expect(r.statements[0]!.command).toBe('ROLLBACK');
    expect(await ids()).toEqual(['a', 'b']);
    // The session is usable again.
    expect(await sql.rows(`select n from t where id = 'a'`)).toEqual([[1]]);
  });

  it('more than 100 items is 54000 at the statement that crosses the limit, and nothing is written', async () => {
    const r = await sql.run(`begin; insert into t select 'k' || g, g from generate_series(1, 150) g; commit`);
    expect(r.error?.sqlstate).toBe('54000');
    expect(r.error?.statementIndex).toBe(1);
    expect(r.error?.message).toMatch(/at most 100 DynamoDB items/);
    const after = await sql.run('commit');
    expect(after.statements[0]!.command).toBe('ROLLBACK');
    expect(await ids()).toEqual(['a', 'b']);
  });

  it('a concurrent change between the read and COMMIT is 40001 naming the item, and nothing is written', async () => {
    await sql.ok(`begin; update t set n = n + 1 where id = 'a'; insert into t values ('g', 7)`);
    await client.send(
      new PutItemCommand({ TableName: table, Item: { id: { S: 'a' }, n: { N: '50' }, tag: { S: 'x' } } }),
    );
    const r = await sql.run('commit');
    expect(r.error?.sqlstate).toBe('40001');
    expect(r.error?.detail).toContain('{"id":{"S":"a"}}');
    expect((await item('a'))!.n).toEqual({ N: '50' });
    expect(await item('g')).toBeUndefined();
    // The block was rolled back: the next statement runs outside one.
    expect(await sql.rows(`select n from t where id = 'a'`)).toEqual([[50]]);
    // A delete whose WHERE read n fails the same way when n changed meanwhile.
    await sql.ok(`begin; delete from t where id = 'b' and n = 2`);
    await client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'b' }, n: { N: '3' } } }));
    expect((await sql.run('commit')).error?.sqlstate).toBe('40001');
    expect((await item('b'))!.n).toEqual({ N: '3' });
  });

  it('ROLLBACK TO SAVEPOINT discards the writes held since the savepoint', async () => {
    await sql.ok(
      `begin;
       insert into t values ('h', 8);
       savepoint s1;
       insert into t values ('i', 9);
       update t set n = 0 where id = 'a'`,
    );
    expect(await sql.rows('select id from t order by id')).toEqual([['a'], ['b'], ['h'], ['i']]);
    // A failed statement after the savepoint: ROLLBACK TO makes the block usable again.
    expect((await sql.run('select 1 / 0')).error?.sqlstate).toBe('22012');
    await sql.ok('rollback to savepoint s1');
    expect(await sql.rows('select id, n from t order by id')).toEqual([
      ['a', 1],
      ['b', 2],
      ['h', 8],
    ]);
    await sql.ok('commit');
    expect(await ids()).toEqual(['a', 'b', 'h']);
    expect((await item('a'))!.n).toEqual({ N: '1' });
  });

  it('INSERT ... ON CONFLICT DO NOTHING looks the key up, and COMMIT requires it still absent', async () => {
    const s = await sql.ok(
      `begin;
       insert into t values ('a', 99) on conflict do nothing;
       insert into t values ('j', 10) on conflict do nothing;
       insert into t values ('j', 11) on conflict do nothing;
       commit`,
    );
    expect(s.slice(1, 4).map((x) => x.rowCount)).toEqual([0, 1, 0]);
    expect((await item('a'))!.n).toEqual({ N: '1' });
    expect((await item('j'))!.n).toEqual({ N: '10' });
    await sql.ok(`begin; insert into t values ('k', 12) on conflict do nothing`);
    await client.send(new PutItemCommand({ TableName: table, Item: { id: { S: 'k' }, n: { N: '13' } } }));
    const r = await sql.run('commit');
    expect(r.error?.sqlstate).toBe('40001');
    expect((await item('k'))!.n).toEqual({ N: '13' });
  });

  it('EXPLAIN says whether a write is atomic', async () => {
    const text = async (q: string) => (await sql.rows(q)).map((row) => row[0]).join('\n');
    expect(await text(`explain update t set n = 1 where id = 'a'`)).toContain(
      'Not atomic: written as the statement runs (batched)',
    );
    await sql.ok('begin');
    expect(await text(`explain update t set n = 1 where id = 'a'`)).toContain(
      'Atomic: held for COMMIT (one TransactWriteItems, all or nothing)',
    );
    await sql.ok('rollback');
  });

  it('two sessions: one’s held writes are its own — the other waits for the block, then sees only what was committed', async () => {
    const x = script(engine, 'x');
    const y = script(engine, 'y');
    await x.ok(`begin; insert into t values ('m', 14)`);
    expect(await x.rows(`select n from t where id = 'm'`)).toEqual([[14]]);
    // y cannot run while x's block is open (one host connection): it never sees x's held write.
    expect((await y.run(`select n from t where id = 'm'`)).error?.sqlstate).toBe('55P03');
    const preview = await engine.preview(`update t set n = 1 where id = 'm'`, { session: 'y' });
    expect(preview).toMatchObject({ statements: [], error: { sqlstate: '55P03' } });
    await x.ok('rollback');
    expect(await y.rows(`select n from t where id = 'm'`)).toEqual([]);
    expect(await x.rows(`select n from t where id = 'm'`)).toEqual([]);
    await x.ok(`begin; insert into t values ('m', 15); commit`);
    expect(await y.rows(`select n from t where id = 'm'`)).toEqual([[15]]);
  });
});

describe('transactions on dynalite', () => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('txn');

  beforeAll(async () => {
    client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'a' }, n: { N: '1' } }]);
    engine = await openEngine('dynalite');
    await script(engine).ok(
      `create foreign table t (id text not null, n integer)
         server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  it('COMMIT of held writes is a clear 0A000 (no TransactWriteItems): nothing written, the block rolled back', async () => {
    const sql = script(engine);
    await sql.ok(`begin; insert into t values ('b', 2); update t set n = 9 where id = 'a'`);
    const r = await sql.run('commit');
    expect(r.error).toMatchObject({ sqlstate: '0A000' });
    expect(r.error!.message).toMatch(/this DynamoDB endpoint has no TransactWriteItems/);
    const get = async (id: string) =>
      (await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } } }))).Item;
    expect(await get('b')).toBeUndefined();
    expect((await get('a'))!.n).toEqual({ N: '1' });
    // Rolled back: outside a block, writes go straight to DynamoDB again.
    await sql.ok(`insert into t values ('c', 3)`);
    expect((await get('c'))!.n).toEqual({ N: '3' });
    // A block without foreign writes commits as before.
    expect((await sql.ok('begin; select n from t where id = $$a$$; commit')).at(-1)!.command).toBe('COMMIT');
  });
});

describe('transactions on dynamodb-local, through a relay that loses answers', () => {
  let engine: Engine;
  let client: DynamoDBClient;
  let relay: RequestLog;
  const table = uniqueName('txn_relay');

  beforeAll(async () => {
    client = clientOf('dynamodb-local');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'a' }, n: { N: '1' } }]);
    // The first TransactWriteItems is applied and its answer lost; the retry is answered.
    relay = await startRequestLog(endpointOf('dynamodb-local'), async (r) => {
      if (r.operation === 'TransactWriteItems') relay.setFaults({});
    });
    engine = await Engine.open({
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      vaultKey: 'transactions',
    });
    await createDocServer(engine, 'dynamodb-local', 'dynamodb_server', relay.endpoint);
    await script(engine).ok(
      `create foreign table t (id text not null, n integer)
         server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await relay?.close();
  });

  it('COMMIT retried with the same ClientRequestToken applies once', async () => {
    const sql = script(engine);
    await sql.ok(`begin; update t set n = n + 1 where id = 'a'; insert into t values ('b', 5)`);
    relay.setFaults({ dropAnswer: 1, operations: ['TransactWriteItems'] });
    const r = await sql.run('commit');
    expect(r.error).toBeUndefined();
    const sent = relay.requests.filter((q) => q.operation === 'TransactWriteItems');
    expect(sent.map((q) => q.fault)).toEqual(['dropAnswer', null]);
    expect(sent[1]!.body.ClientRequestToken).toBe(sent[0]!.body.ClientRequestToken);
    const get = async (id: string) =>
      (
        await client.send(
          new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
        )
      ).Item;
    expect((await get('a'))!.n).toEqual({ N: '2' });
    expect((await get('b'))!.n).toEqual({ N: '5' });
  });
});

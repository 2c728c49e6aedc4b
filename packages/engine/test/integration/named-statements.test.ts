import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * PREPARE / EXECUTE and DECLARE / FETCH over foreign tables: the host plans a foreign table only in
 * the statement the engine rewrites, so the engine keeps these statements and runs them when
 * EXECUTE or FETCH comes — with the same rows, and the same pushdown, as the statement written out.
 */
describe.each(BACKENDS)('prepared statements and cursors on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('named');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 12 }, (_, i) => ({
        pk: { S: i < 8 ? 'a' : 'b' },
        sk: { N: String(i) },
        v: { S: `v${i}` },
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.items (pk text, sk bigint, v text) server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  it('EXECUTE runs the prepared statement with its arguments bound, pushed down like a constant', async () => {
    await ok(
      engine,
      'prepare by_pk (text, int) as select sk, v from items where pk = $1 and sk >= $2 order by sk',
    );
    const [r] = await ok(engine, "execute by_pk('a', 5)");
    expect(r!.command).toBe('SELECT');
    expect(r!.rows).toEqual(
      await rows(engine, "select sk, v from items where pk = 'a' and sk >= 5 order by sk"),
    );
    expect(r!.rows.map((row) => row[0])).toEqual(['5', '6', '7']);
    expect(r!.plan!.scans[0]!.operation).toBe('Query');
    expect(r!.plan!.scans[0]!.keyConditionText).toBe("pk = 'a' AND sk >= 5");
    // EXPLAIN EXECUTE: the plan of the query with its arguments bound (the host does not know it).
    const [explained] = await ok(engine, "explain execute by_pk('a', 5)");
    const planText = explained!.rows.map((row) => row[0]).join('\n');
    expect(planText).toContain('(DynamoDB Query on');
    expect(planText).toContain("Key Condition: pk = 'a' AND sk >= 5");
    expect((await fails(engine, "explain execute by_pk('a')")).sqlstate).toBe('42601');
    expect((await fails(engine, "execute by_pk('a')")).sqlstate).toBe('42601');
    expect((await fails(engine, 'prepare by_pk as select * from items')).sqlstate).toBe('42P05');
    await ok(engine, 'deallocate by_pk');
    expect((await fails(engine, "execute by_pk('a', 1)")).sqlstate).toBe('26000');
  });

  it('an error in the prepared query has its position in the PREPARE, over foreign tables as over host ones', async () => {
    const foreign = 'prepare bad_col (text) as select nosuch from items where pk = $1';
    expect(await fails(engine, foreign)).toMatchObject({
      sqlstate: '42703',
      position: foreign.indexOf('nosuch') + 1,
    });
    const host = 'prepare bad_host (int) as select nosuch from pg_class where relpages = $1';
    expect(await fails(engine, host)).toMatchObject({
      sqlstate: '42703',
      position: host.indexOf('nosuch') + 1,
    });
  });

  it('a prepared statement over host tables stays the host’s', async () => {
    const [, r] = await ok(engine, 'prepare plus (int) as select $1 + 1; execute plus(41)');
    expect(r!.rows).toEqual([[42]]);
    await ok(engine, 'deallocate all');
    expect((await fails(engine, 'execute plus(1)')).sqlstate).toBe('26000');
  });

  it('FETCH and MOVE read a cursor forward in pages; the rows are the query’s', async () => {
    const all = await rows(engine, 'select pk, sk, v from items order by pk, sk');
    const got: unknown[][] = [];
    const results = await ok(
      engine,
      `begin;
       declare c cursor for select pk, sk, v from items order by pk, sk;
       fetch 3 from c; fetch next from c; move 2 in c; fetch all from c; fetch 5 from c;
       close c;
       commit`,
    );
    expect(results.map((s) => s.command)).toEqual([
      'BEGIN',
      'DECLARE CURSOR',
      'FETCH',
      'FETCH',
      'MOVE',
      'FETCH',
      'FETCH',
      'CLOSE CURSOR',
      'COMMIT',
    ]);
    for (const i of [2, 3, 5]) got.push(...(JSON.parse(JSON.stringify(results[i]!.rows)) as unknown[][]));
    expect(results[4]!.rowCount).toBe(2);
    expect(results[6]!.rows).toEqual([]);
    expect(got).toEqual([...all.slice(0, 4), ...all.slice(6)]);
    expect(results[2]!.columns.map((c) => c.name)).toEqual(['pk', 'sk', 'v']);
  });

  it('FETCH 0 fetches the current row again and MOVE 0 counts it, as a cursor over a host table does', async () => {
    await ok(engine, 'create table host_items as select pk, sk, v from items');
    const script = (from: string) =>
      `begin;
       declare c cursor for select pk, sk, v from ${from} order by pk, sk;
       fetch 0 from c; move 0 in c; fetch 2 from c; fetch 0 from c; fetch forward 0 from c; move 0 in c;
       fetch 1 from c; fetch all from c; fetch 0 from c; move 0 in c; fetch 1 from c;
       close c;
       commit`;
    // The tag and rows of every statement, and each FETCH's and MOVE's count.
    const outcome = (results: Awaited<ReturnType<typeof ok>>) =>
      results.map((s) => ({
        command: s.command,
        rows: JSON.stringify(s.rows),
        ...((s.command === 'FETCH' || s.command === 'MOVE') && { rowCount: s.rowCount }),
      }));
    const foreign = await ok(engine, script('items'));
    expect(outcome(foreign)).toEqual(outcome(await ok(engine, script('host_items'))));
    // Before the first row and after the last there is no current row; after FETCH 2 the second row is.
    expect(foreign.slice(2, 13).map((s) => [s.command, s.rowCount])).toEqual([
      ['FETCH', 0],
      ['MOVE', 0],
      ['FETCH', 2],
      ['FETCH', 1],
      ['FETCH', 1],
      ['MOVE', 1],
      ['FETCH', 1],
      ['FETCH', 9],
      ['FETCH', 0],
      ['MOVE', 0],
      ['FETCH', 0],
    ]);
    expect(foreign[5]!.rows).toEqual(foreign[4]!.rows.slice(1));
    // A negative count reads backward: over a NO SCROLL cursor refused like FETCH BACKWARD (55000),
    // over a plain one read backward (scroll-cursors.test.ts compares every direction with Postgres).
    const [, , first] = await ok(
      engine,
      'begin; declare c no scroll cursor for select v from items order by pk, sk; fetch 1 from c',
    );
    expect((await fails(engine, 'fetch -1 from c')).sqlstate).toBe('55000');
    await ok(
      engine,
      'rollback; begin; declare c cursor for select v from items order by pk, sk; fetch 2 from c',
    );
    const [again] = await ok(engine, 'fetch -1 from c');
    expect(again!.rows).toEqual(first!.rows);
    await ok(engine, 'rollback; drop table host_items');
  });

  it('describes a FETCH from a moved NO SCROLL cursor without moving it, over a foreign table and a host one', async () => {
    // What a wire Describe of the cursor asks (apps/api pg-connection.ts describeCursor): Postgres
    // refuses FETCH FORWARD 0 on such a cursor (55000), and describes its columns all the same.
    await ok(engine, 'create table host_described as select pk, sk, v from items');
    for (const from of ['items', 'host_described']) {
      await ok(
        engine,
        `begin; declare c no scroll cursor for select sk, v from ${from} order by pk, sk; move 3 in c; fetch 1 from c`,
      );
      const described = await engine.explain('fetch forward 0 from c');
      expect(described.error).toBeUndefined();
      expect(described.statements[0]!.columns.map((c) => c.name)).toEqual(['sk', 'v']);
      expect((await engine.explain('move 2 in c')).statements[0]!.columns).toEqual([]);
      // Not moved: the next row is the fifth.
      const [next] = await ok(engine, 'fetch 1 from c');
      expect(next!.rows).toEqual([['4', 'v4']]);
      expect((await fails(engine, 'fetch forward 0 from c')).sqlstate).toBe('55000');
      await ok(engine, 'rollback');
    }
    await ok(engine, 'drop table host_described');
  });

  it('follows Postgres: a cursor needs a transaction block unless WITH HOLD, and ends with it', async () => {
    expect((await fails(engine, 'declare c cursor for select * from items')).sqlstate).toBe('25P01');
    await ok(engine, 'begin; declare c cursor for select * from items; commit');
    expect((await fails(engine, 'fetch 1 from c')).sqlstate).toBe('34000');
    const [, r] = await ok(
      engine,
      "declare h cursor with hold for select v from items where pk = 'b' order by sk; fetch 2 from h",
    );
    expect(r!.rows).toEqual([['v8'], ['v9']]);
    expect((await ok(engine, 'fetch backward 1 from h'))[0]!.rows).toEqual([['v8']]);
    await ok(engine, 'close h');
    const [, , last] = await ok(
      engine,
      "begin; declare s scroll cursor for select v from items where pk = 'b' order by sk; fetch last from s",
    );
    expect(last!.rows).toEqual([['v11']]);
    await ok(engine, 'rollback');
  });

  it('ends a cursor declared after a savepoint at ROLLBACK TO it, as the host ends its own', async () => {
    await ok(engine, 'create table sp_rows as select v from items');
    // The same scripts over the host's table (the host's cursors: Postgres's answer) and the foreign one.
    const answers = async (from: string) => {
      const fetch = async () => (await engine.execute('fetch 1 from c')).error?.sqlstate ?? 'rows';
      const out: string[] = [];
      await ok(engine, `begin; savepoint a; declare c cursor for select v from ${from}; rollback to a`);
      out.push(await fetch());
      await ok(
        engine,
        `rollback; begin; declare c cursor for select v from ${from}; savepoint a; rollback to a`,
      );
      out.push(await fetch());
      await ok(
        engine,
        `rollback; begin; savepoint a; declare c cursor for select v from ${from}; release a; savepoint b; rollback to b`,
      );
      out.push(await fetch());
      await ok(
        engine,
        `rollback; begin; savepoint a; savepoint b; declare c cursor for select v from ${from}`,
      );
      await ok(engine, 'rollback to a');
      out.push(await fetch());
      await ok(engine, 'rollback');
      return out;
    };
    const host = await answers('sp_rows');
    expect(host).toEqual(['34000', 'rows', 'rows', '34000']);
    expect(await answers('items')).toEqual(host);
    // COMMIT and ROLLBACK AND CHAIN end the transaction as well, though a block goes on.
    const chained = async (from: string) => {
      const out: string[] = [];
      for (const script of [
        `begin; declare c cursor with hold for select v from ${from}; rollback and chain`,
        `begin; declare c cursor with hold for select v from ${from}; commit and chain; rollback`,
        `begin; declare c cursor for select v from ${from}; commit and chain`,
        `begin; declare c cursor for select v from ${from}; rollback and chain`,
      ]) {
        await ok(engine, script);
        out.push((await engine.execute('fetch 1 from c')).error?.sqlstate ?? 'rows');
        await ok(engine, 'rollback');
        await engine.execute('close c');
      }
      return out;
    };
    const hostChained = await chained('sp_rows');
    expect(hostChained).toEqual(['34000', 'rows', '34000', '34000']);
    expect(await chained('items')).toEqual(hostChained);
    await ok(engine, 'drop table sp_rows');
  });

  it('ends a WITH HOLD cursor with the block it was declared in unless the block commits, as Postgres does', async () => {
    const hold = "declare h cursor with hold for select v from items where pk = 'b' order by sk";
    await ok(engine, `begin; ${hold}; rollback`);
    expect(await fails(engine, 'fetch 1 from h')).toMatchObject({ sqlstate: '34000' });
    // A COMMIT of an aborted block rolls it back.
    await ok(engine, `begin; ${hold}`);
    await fails(engine, 'select 1 / 0');
    await ok(engine, 'commit');
    expect(await fails(engine, 'fetch 1 from h')).toMatchObject({ sqlstate: '34000' });
    // ... as does a COMMIT that fails; a cursor without HOLD ends with it too.
    await ok(
      engine,
      'create table hold_pa (a int primary key); create table hold_pb (a int references hold_pa deferrable initially deferred)',
    );
    await ok(
      engine,
      `begin; ${hold}; declare c cursor for select v from items; insert into hold_pb values (1)`,
    );
    expect(await fails(engine, 'commit')).toMatchObject({ sqlstate: '23503' });
    expect(await fails(engine, 'fetch 1 from h')).toMatchObject({ sqlstate: '34000' });
    expect(await fails(engine, 'fetch 1 from c')).toMatchObject({ sqlstate: '34000' });
    // Committed, it stays, where it was.
    const [, , first] = await ok(engine, `begin; ${hold}; fetch 1 from h; commit`);
    expect(first!.rows).toEqual([['v8']]);
    expect((await ok(engine, 'fetch 1 from h'))[0]!.rows).toEqual([['v9']]);
    await ok(engine, 'close h; drop table hold_pb, hold_pa');
  });
});

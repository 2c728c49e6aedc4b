import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Engine } from '../../src/engine';
import type { ScriptResult } from '../../src/types';
import { BACKENDS, clientOf, createDocServer, createTable, putItems, uniqueName } from '../support/harness';

const ITEMS = 2000;
/** Each item about 1 KB: a Scan of all of them consumes about 250 RCU, so 50 RCU/s paces it over ~5 s. */
const PACED = 'set dynascope.max_rcu_per_second = 50';

/**
 * Sessions run at the same time (issue 13 part 3, issue 18 "Concurrency"): a statement that takes
 * long in one session — made long by the throughput governor pacing its Scan, not by huge data —
 * does not hold up the statements of another, over the one PGlite connection, on both emulators.
 * "While it runs" is checked by order (B's answers come before A's), never by timing.
 */
describe.each(BACKENDS)('concurrent sessions, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;
  let table: string;

  /** Runs a script in a session; fails the test with the engine's error. */
  const run = async (sql: string, session: string, options: { signal?: AbortSignal } = {}) => {
    const r = await engine.execute(sql, { session, pageSize: 10_000, ...options });
    if (r.error) throw new Error(`${session}: ${r.error.sqlstate} ${r.error.message}`);
    return r.statements;
  };
  const last = async (sql: string, session: string) => (await run(sql, session)).at(-1)!.rows;

  /**
   * Starts `sql` in `session` and resolves once its Scan is under way (its first progress report):
   * `result` is the script's answer, `done()` whether it has come.
   */
  const started = async (sql: string, session: string, signal?: AbortSignal) => {
    let done = false;
    let reading!: () => void;
    const progressed = new Promise<void>((resolve) => (reading = resolve));
    const result: Promise<ScriptResult> = engine
      .execute(sql, { session, pageSize: 10_000, onProgress: () => reading(), ...(signal && { signal }) })
      .finally(() => (done = true));
    await Promise.race([progressed, result]);
    expect(done, `${sql} ended before its Scan was under way`).toBe(false);
    return { result, done: () => done };
  };

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await Engine.open({
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      vaultKey: 'concurrent-sessions',
      transactionWaitMs: 1_000,
    });
    await createDocServer(engine, backend, 'conc');
    table = uniqueName('conc');
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: ITEMS }, (_, i) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(1000) } })),
    );
    await run(
      `create foreign table public.items (id bigint, body text) server conc options (table '${table}', rowid_column 'id');
       create table public.local_counts (n int)`,
      'setup',
    );
  });

  afterAll(() => engine?.close());

  it('point lookups, SETs and EXPLAINs in B answer while A aggregates every item (streaming, paced)', async () => {
    await run(PACED, 'a');
    const a = await started('select count(body), sum(id), max(id) from public.items', 'a');
    const lookup = await last('select id, length(body) from public.items where id = 1234', 'b');
    await run("set datestyle = 'German'", 'b');
    const plan = await run('explain select * from public.items where id = 7', 'b');
    const shown = await last('show datestyle', 'b');
    const bDone = !a.done();
    const aResult = await a.result;

    expect(lookup).toEqual([['1234', 1000]]);
    expect(plan[0]!.rows.map((r) => r[0]).join('\n')).toMatch(/GetItem/);
    expect(shown).toEqual([['German, DMY']]);
    expect(bDone, 'B finished while A was still running').toBe(true);
    expect(aResult.error).toBeUndefined();
    expect(aResult.statements[0]!.rows).toEqual([[String(ITEMS), String((ITEMS * (ITEMS - 1)) / 2), '1999']]);
  });

  it('settings stay each session’s own while their statements interleave in the host', async () => {
    // A's statement goes through the host (a filter the engine does not evaluate): its items are
    // staged in temp tables call by call, between B's calls.
    await run(`${PACED}; set datestyle = 'SQL, DMY'; set extra_float_digits = 0`, 'c');
    const a = await started(
      `select count(*), (date '2024-03-05')::text, (0.1::float8 + 0.2)::text
         from public.items where length(body) + id % 3 > 1`,
      'c',
    );
    const seen: unknown[][] = [];
    while (!a.done() && seen.length < 20) {
      seen.push(...(await last(`select (date '2024-03-05')::text, (0.1::float8 + 0.2)::text`, 'd')));
      // A changes its settings mid-way (its next statement): B still reads its own.
    }
    const bDone = !a.done();
    const aResult = await a.result;
    expect(bDone, 'B read its settings while A was still running').toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    for (const row of seen) expect(row).toEqual(['2024-03-05', '0.30000000000000004']);
    expect(aResult.error).toBeUndefined();
    expect(aResult.statements[0]!.rows).toEqual([[String(ITEMS), '05/03/2024', '0.3']]);
    // After the interleaving each still has its own.
    expect(await last("set datestyle = 'Postgres, MDY'; show datestyle", 'c')).toEqual([['Postgres, MDY']]);
    expect(await last('show extra_float_digits', 'c')).toEqual([['0']]);
    expect(await last('show datestyle', 'd')).toEqual([['ISO, MDY']]);
    expect(await last('show extra_float_digits', 'd')).toEqual([['1']]);
  });

  it('two sessions’ host-evaluated statements run at once, each with its temp tables, both exact', async () => {
    await run(PACED, 'e');
    await run(PACED, 'f');
    // Filters the engine does not evaluate: the items go through the host, staged in each session's temp tables.
    const sql = (mod: number) =>
      `select count(*), sum(id) from public.items where length(body) + id % ${mod} > 1000`;
    const expected = (mod: number) => {
      const ids = Array.from({ length: ITEMS }, (_, i) => i).filter((i) => i % mod !== 0);
      return [[String(ids.length), String(ids.reduce((n, i) => n + i, 0))]];
    };
    const e = await started(sql(2), 'e');
    const f = await started(sql(3), 'f');
    const [re, rf] = await Promise.all([e.result, f.result]);
    expect(re.error).toBeUndefined();
    expect(rf.error).toBeUndefined();
    expect(re.statements[0]!.rows).toEqual(expected(2));
    expect(rf.statements[0]!.rows).toEqual(expected(3));
  });

  it('two sessions’ data-modifying WITH statements run at once, each with its own result tables', async () => {
    await run(PACED, 'm');
    // A's UPDATE reads every item, paced: its WITH query's result table stays in the host meanwhile.
    const a = await started(
      'with w as (update public.items set body = body where id >= 0 returning id) select count(*), sum(id) from w',
      'm',
    );
    const b = await last(
      'with w as (update public.items set body = body where id = 7 returning id) select count(*), sum(id) from w',
      'n',
    );
    const bDone = !a.done();
    const aResult = await a.result;
    expect(b).toEqual([['1', '7']]);
    expect(bDone, 'B finished while A was still running').toBe(true);
    expect(aResult.error).toBeUndefined();
    expect(aResult.statements[0]!.rows).toEqual([[String(ITEMS), String((ITEMS * (ITEMS - 1)) / 2)]]);
  });

  it('writes from two sessions at once land exactly (checked in DynamoDB)', async () => {
    const target = uniqueName('conc_w');
    await createTable(client, target, { name: 'id', type: 'N' });
    await run(
      `create foreign table public.w (id bigint, n bigint, who text) server conc options (table '${target}', rowid_column 'id')`,
      'setup',
    );
    const write = (session: string, from: number) =>
      run(
        `insert into public.w select g, g, '${session}' from generate_series(${from}, ${from + 299}) g;
         update public.w set n = n + 1000 where id between ${from} and ${from + 149}`,
        session,
      );
    await Promise.all([write('g', 0), write('h', 1000)]);
    const items: Record<string, { N?: string; S?: string }>[] = [];
    let start: Record<string, { N: string }> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: target, ExclusiveStartKey: start }));
      items.push(...((page.Items ?? []) as typeof items));
      start = page.LastEvaluatedKey as typeof start;
    } while (start);
    const byId = new Map(items.map((i) => [Number(i.id!.N), i]));
    expect(byId.size).toBe(600);
    for (const [from, who] of [
      [0, 'g'],
      [1000, 'h'],
    ] as const) {
      for (let id = from; id < from + 300; id++) {
        const item = byId.get(id)!;
        expect(item.who!.S).toBe(who);
        expect(Number(item.n!.N)).toBe(id < from + 150 ? id + 1000 : id);
      }
    }
  });

  it('BEGIN waits for the statements other sessions are running; others wait for its end, then 55P03; a wait is cancellable', async () => {
    await run(PACED, 'i');
    const stop = new AbortController();
    const a = await started('select count(body) from public.items', 'i', stop.signal);
    let begun = false;
    const begin = engine.execute('begin; insert into public.local_counts values (1)', { session: 'j' });
    void begin.then(() => (begun = true));
    // B's BEGIN is still waiting for A's statement; A is cancelled, and then B's block opens.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(begun).toBe(false);
    stop.abort();
    const aResult = await a.result;
    expect(aResult.error?.sqlstate).toBe('57014');
    const begunResult = await begin;
    expect(begunResult.error).toBeUndefined();
    expect(engine.inTransaction('j')).toBe(true);
    expect(engine.inTransaction('i')).toBe(false);

    // While j's block is open: another session waits, then 55P03; a cancelled wait is 57014.
    const blocked = await engine.execute('select count(*) from public.local_counts', { session: 'k' });
    expect(blocked.error?.sqlstate).toBe('55P03');
    const cancel = new AbortController();
    const waiting = engine.execute('select 1', { session: 'k', signal: cancel.signal });
    setTimeout(() => cancel.abort(), 100);
    expect((await waiting).error?.sqlstate).toBe('57014');
    // The block's owner goes on; after its COMMIT the others see what it committed.
    expect(await last('select count(*) from public.local_counts', 'j')).toEqual([['1']]);
    const after = engine.execute('select count(*) from public.local_counts', { session: 'k' });
    await run('commit', 'j');
    expect((await after).statements[0]!.rows).toEqual([['1']]);
  });

  it('BEGIN that waits longer than the wait limit for another session’s statement is 55P03', async () => {
    await run(PACED, 'l');
    const a = await started('select count(body) from public.items', 'l');
    const begin = await engine.execute('begin', { session: 'm' });
    expect(begin.error?.sqlstate).toBe('55P03');
    expect(begin.error?.message).toMatch(/other sessions have statements running/);
    expect(a.done()).toBe(false);
    expect(engine.inTransaction('m')).toBe(false);
    expect((await a.result).error).toBeUndefined();
    // Then it opens at once.
    expect((await engine.execute('begin; rollback', { session: 'm' })).error).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Engine } from '../../src/engine';

/**
 * Sessions (issue 13): each name a request gives is a session of its own — settings, cursors, prepared
 * statements, transaction block — over the one embedded Postgres connection; requests without one
 * share the default session. A statement of another session waits while a transaction block is open.
 */
describe('sessions', () => {
  let engine: Engine;
  const one = async (sql: string, session?: string) => {
    const r = await engine.execute(sql, { ...(session && { session }), pageSize: 10 });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    return r.statements.at(-1)!;
  };
  const fails = async (sql: string, session?: string) => {
    const r = await engine.execute(sql, { ...(session && { session }) });
    if (!r.error) throw new Error(`expected an error from ${sql}`);
    return r.error;
  };

  beforeAll(async () => {
    engine = await Engine.open({
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      vaultKey: 'sessions',
      transactionWaitMs: 300,
      sessionIdleMs: 60_000,
    });
    await one('create table shared (x int)');
  });
  afterAll(() => engine?.close());

  it('keeps each session’s settings (SET, search_path, dynascope.*) apart', async () => {
    const searchPath = (await one('show search_path')).rows;
    await one("set datestyle = 'SQL, DMY'", 'a');
    await one('create schema only_a; set search_path = only_a, public', 'a');
    await one("set dynascope.max_statement_rcu = '7'", 'a');
    expect((await one('show datestyle', 'b')).rows).toEqual([['ISO, MDY']]);
    expect((await one('show search_path', 'b')).rows).toEqual(searchPath);
    // Unset in b (a placeholder setting another session defined reads as empty, never as a's value).
    expect(
      (await one("select coalesce(current_setting('dynascope.max_statement_rcu', true), '')", 'b')).rows,
    ).toEqual([['']]);
    expect((await one('show datestyle')).rows).toEqual([['ISO, MDY']]);
    expect((await one('show datestyle', 'a')).rows).toEqual([['SQL, DMY']]);
    expect((await one('show search_path', 'a')).rows).toEqual([['only_a, public']]);
    expect((await one("select current_setting('dynascope.max_statement_rcu')", 'a')).rows).toEqual([['7']]);
    await one("set datestyle = 'German'", 'b');
    expect((await one("select date '2024-03-05'::text", 'a')).rows).toEqual([['05/03/2024']]);
    expect((await one("select date '2024-03-05'::text", 'b')).rows).toEqual([['05.03.2024']]);
  });

  it('keeps cursors to the session that opened them', async () => {
    const first = await one('select generate_series(1, 25)', 'a');
    expect(first.cursor).not.toBeNull();
    await expect(engine.next(first.cursor!, { session: 'b' })).rejects.toMatchObject({ sqlstate: '34000' });
    const page = await engine.next(first.cursor!, { session: 'a', pageSize: 10 });
    expect(page.rows).toEqual(Array.from({ length: 10 }, (_, i) => [i + 11]));
  });

  it('a transaction block is the session’s: others wait for its end, then see only what it committed', async () => {
    await one('begin; insert into shared values (1)', 'a');
    // b waits while a's block is open, and fails when it stays open.
    const blocked = await fails('select count(*) from shared', 'b');
    expect(blocked.sqlstate).toBe('55P03');
    // b waits, a commits meanwhile: b then runs.
    const waiting = engine.execute('select count(*) from shared', { session: 'b' });
    await new Promise((r) => setTimeout(r, 50));
    await one('commit', 'a');
    const r = await waiting;
    expect(r.error).toBeUndefined();
    expect(r.statements[0]!.rows).toEqual([['1']]);
    // ROLLBACK in a session undoes its own block.
    await one('begin; insert into shared values (2)', 'a');
    await one('rollback', 'a');
    expect((await one('select count(*) from shared', 'b')).rows).toEqual([['1']]);
  });

  it('an idle session ends: its open block is rolled back, and others go on', async () => {
    const short = await Engine.open({
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      vaultKey: 'idle',
      transactionWaitMs: 200,
      sessionIdleMs: 1_000,
    });
    try {
      const run = async (sql: string, session?: string) =>
        (await short.execute(sql, { ...(session && { session }) })).error?.sqlstate ?? 'ok';
      expect(await run('create table t (x int)')).toBe('ok');
      expect(await run('begin; insert into t values (1)', 'tab1')).toBe('ok');
      expect(await run('select 1', 'tab2')).toBe('55P03');
      await new Promise((r) => setTimeout(r, 1_100));
      expect(await run('select count(*) from t', 'tab2')).toBe('ok');
      expect((await short.execute('select count(*) from t')).statements[0]!.rows).toEqual([['0']]);
    } finally {
      await short.close();
    }
  });
});

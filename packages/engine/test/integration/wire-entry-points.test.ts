import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Engine } from '../../src/engine';

/**
 * What the Postgres wire protocol (apps/api/src/pgwire) asks of the engine about its sessions:
 * the transaction status of ReadyForQuery, the capacity-notice setting, the type oids of
 * RowDescription, ending a session when its socket closes and keeping it while the socket stays.
 */
describe('the wire protocol’s entry points', () => {
  let engine: Engine;
  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    return r.statements.at(-1)!;
  };

  beforeAll(async () => {
    engine = await Engine.open({
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      vaultKey: 'wire',
      transactionWaitMs: 300,
      sessionIdleMs: 600,
    });
    await run('create table t (x int)', 'setup');
  });
  afterAll(() => engine?.close());

  it('inTransaction follows the session’s block; closeSession rolls it back', async () => {
    expect(engine.inTransaction('w1')).toBe(false);
    await run('begin; insert into t values (1)', 'w1');
    expect(engine.inTransaction('w1')).toBe(true);
    expect(engine.inTransaction('w2')).toBe(false);
    await engine.closeSession('w1');
    expect(engine.inTransaction('w1')).toBe(false);
    expect((await run('select count(*) from t', 'w2')).rows).toEqual([['0']]);
  });

  it('sessionSettings reads dynascope.capacity_notices (on unless turned off)', async () => {
    expect((await engine.sessionSettings('w3')).capacityNotices).toBe(true);
    await run('set dynascope.capacity_notices = off', 'w3');
    expect((await engine.sessionSettings('w3')).capacityNotices).toBe(false);
    expect((await engine.sessionSettings('w4')).capacityNotices).toBe(true);
  });

  it('typeOids names the oid of every column type name, typmods and arrays included', async () => {
    expect(
      await engine.typeOids([
        'integer',
        'numeric(10,2)',
        'character varying(5)',
        'text[]',
        'jsonb',
        'no such',
      ]),
    ).toEqual([23, 1700, 1043, 1009, 3802, 0]);
    // A name that does not parse leaves an open transaction block usable.
    await run('begin; insert into t values (2)', 'w5');
    expect(await engine.typeOids(['nor this one'])).toEqual([0]);
    expect((await run('select count(*) from t', 'w5')).rows).toEqual([['1']]);
    await run('rollback', 'w5');
  });

  it('touchSession keeps an idle session (its settings) alive; without it the session expires', async () => {
    await run("set datestyle = 'German'", 'kept');
    await run("set datestyle = 'German'", 'dropped');
    for (let i = 0; i < 8; i++) {
      engine.touchSession('kept');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await run('show datestyle', 'kept')).rows).toEqual([['German, DMY']]);
    expect((await run('show datestyle', 'dropped')).rows).toEqual([['ISO, MDY']]);
  });
});

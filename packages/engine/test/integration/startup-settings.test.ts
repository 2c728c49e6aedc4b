import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { openTestEngine } from '../support/harness';

/**
 * A wire client's start-up settings are the session's defaults, as Postgres makes them: RESET ALL,
 * RESET, SET … TO DEFAULT (LOCAL too) and DISCARD ALL go back to them, not to the server's
 * (session/startup-settings.ts). On both hosts: on PGlite the session's settings share one connection.
 */
describe('start-up settings as the session’s defaults', () => {
  let engine: Engine;
  /** The server's TimeZone (UTC on PGlite, Etc/UTC on the test cluster). */
  let serverZone: unknown;
  beforeAll(async () => {
    engine = await openTestEngine();
    serverZone = (await values('w0'))[0];
  });
  afterAll(() => engine?.close());

  const values = async (session: string) => {
    const r = await engine.execute(
      "select current_setting('TimeZone'), current_setting('search_path'), current_setting('dynascope.max_rcu_per_second', true)",
      { session },
    );
    if (r.error) throw new Error(r.error.message);
    return r.statements[0]!.rows[0]!;
  };
  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
  };

  it('each reset goes back to the start-up values; another session’s to the server’s', async () => {
    const started = await engine.startSession('w1', [
      { name: 'TimeZone', args: "'Europe/Berlin'" },
      { name: 'search_path', args: "'app', 'public'" },
      { name: 'dynascope.max_rcu_per_second', args: "'7'" },
    ]);
    expect(started.error).toBeUndefined();
    const initial = ['Europe/Berlin', 'app, public', '7'];
    expect(await values('w1')).toEqual(initial);
    for (const reset of ['reset all', 'discard all']) {
      await run("set timezone = 'UTC'; set search_path = public; set dynascope.max_rcu_per_second = 9", 'w1');
      await run(reset, 'w1');
      expect(await values('w1'), reset).toEqual(initial);
    }
    await run("set timezone = 'UTC'; set search_path = public; reset search_path", 'w1');
    expect(await values('w1')).toEqual(['UTC', 'app, public', '7']);
    await run('set timezone to default', 'w1');
    expect(await values('w1')).toEqual(initial);
    await run("set timezone = 'UTC'; begin; set local timezone to default", 'w1');
    expect((await values('w1'))[0]).toBe('Europe/Berlin');
    await run('rollback', 'w1');
    expect((await values('w1'))[0]).toBe('UTC');
    // The engine reads them as it reads any setting.
    expect((await engine.sessionSettings('w1')).maxRcuPerSecond).toBe('7');
    // Another session never had them.
    await run("set timezone = 'Asia/Tokyo'; reset all", 'w2');
    expect((await values('w2'))[0]).toBe(serverZone);
    expect((await values('w1'))[0]).toBe('UTC');
  });

  it('RESET ALL leaves the role as Postgres does (GUC_NO_RESET_ALL); DISCARD ALL gives the start-up one back', async () => {
    const started = await engine.startSession('w4', [
      { name: 'role', args: "'dynascope_user'" },
      { name: 'TimeZone', args: "'Europe/Berlin'" },
    ]);
    expect(started.error).toBeUndefined();
    const role = async () => {
      const r = await engine.execute("select current_setting('role'), current_setting('TimeZone')", {
        session: 'w4',
      });
      if (r.error) throw new Error(r.error.message);
      return r.statements[0]!.rows[0];
    };
    expect(await role()).toEqual(['dynascope_user', 'Europe/Berlin']);
    await run("set role none; set timezone = 'UTC'; reset all", 'w4');
    expect(await role()).toEqual(['none', 'Europe/Berlin']);
    await run('discard all', 'w4');
    expect(await role()).toEqual(['dynascope_user', 'Europe/Berlin']);
  });

  it('a dynascope.page_filters that is no Boolean is refused at start-up (22023), where RESET would go back to it', async () => {
    for (const args of ["'maybe'", "''", "'on', 'off'"])
      await expect(
        engine.startSession('w5', [{ name: 'dynascope.page_filters', args }]),
      ).rejects.toMatchObject({
        sqlstate: '22023',
        message: 'parameter "dynascope.page_filters" requires a Boolean value',
      });
    await engine.startSession('w6', [{ name: 'Dynascope.Page_Filters', args: "'of'" }]);
    expect((await engine.sessionSettings('w6')).pageFilters).toBe('of');
  });

  it('a name that is not a setting’s is 42704 and sets nothing', async () => {
    await expect(
      engine.startSession('w3', [
        { name: 'TimeZone', args: "'Europe/Berlin'" },
        { name: 'x; drop table y', args: "'1'" },
      ]),
    ).rejects.toMatchObject({
      sqlstate: '42704',
      message: 'unrecognized configuration parameter "x; drop table y"',
    });
    expect((await values('w3'))[0]).toBe(serverZone);
  });
});

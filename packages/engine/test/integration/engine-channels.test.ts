import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { ok, openTestEngine, rows } from '../support/harness';

/**
 * The host's catalog channel is the engine's (host/catalog-notify.ts): every API process on the
 * host listens on it and, at each notification, drops its sessions' plans and rechecks its clients'
 * keys. User SQL naming it — NOTIFY, pg_notify in a query, a body, a prepared statement — is
 * refused (42501) before the host runs it; other channels, and channels named at run time, are the user's.
 */
describe("the engine's notification channel", () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await openTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it.each([
    'notify dynascope_catalog',
    "notify DYNASCOPE_CATALOG, 'x'",
    "select pg_notify('dynascope_catalog', 'x')",
    "select n from pg_catalog.pg_notify('dynascope_catalog', 'x') n",
    "prepare notify_p as select pg_notify('dynascope_catalog', 'x')",
    "do $$ begin perform pg_notify('dynascope_catalog', 'x'); end $$",
    'create function notify_f() returns void language sql as $$ notify dynascope_catalog $$',
    "create function notify_g() returns void language sql as 'select pg_notify(''dynascope_catalog'', '''')'",
  ])('%s is refused with 42501', async (sql) => {
    const r = await engine.execute(sql);
    expect(r.error).toMatchObject({ sqlstate: '42501' });
    expect(r.error!.message).toMatch(/^permission denied to notify channel "dynascope_catalog"$/);
    expect(
      await rows(engine, "select proname from pg_proc where proname in ('notify_f', 'notify_g')"),
    ).toEqual([]);
    expect(await rows(engine, 'select name from pg_prepared_statements')).toEqual([]);
  });

  it("the channel every API process listens on is named at random, and only the host's owner reads its name", async () => {
    // What it is named after (host/catalog-notify.ts SHARED_CHANNEL_PREFIX), written out, is refused too.
    const r = await engine.execute("select pg_notify('dynascope_catalog_0f4c2a9e61d84b7f', 'x')");
    expect(r.error).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied to notify channel "dynascope_catalog_0f4c2a9e61d84b7f"',
    });
    const read = await engine.execute('select name from dynascope.catalog_channel');
    expect(read.error).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied for table catalog_channel',
    });
    // The connection user SQL runs on does not listen on it (pg_listening_channels would name it).
    expect(await rows(engine, 'select c from pg_catalog.pg_listening_channels() c')).toEqual([
      ['dynascope_catalog'],
    ]);
  });

  it("other channels are the user's", async () => {
    await ok(
      engine,
      "notify jobs, 'x'; select pg_notify('jobs', 'y'); select pg_notify('DYNASCOPE_CATALOG', 'z')",
    );
    await ok(
      engine,
      "create function notify_jobs(p text) returns void language sql as $$ select pg_notify('jobs', p) $$; select notify_jobs('a'); drop function notify_jobs",
    );
    // A channel named at run time is the user's too: a trigger's pg_notify(tg_table_name, ...), a
    // driver's bound channel (a PREPARE of it).
    await ok(
      engine,
      `create table jobs_t (n int);
       create function jobs_notify() returns trigger language plpgsql as $$
         begin perform pg_notify(tg_table_name, new.n::text); return new; end $$;
       create trigger jobs_notify after insert on jobs_t for each row execute function jobs_notify();
       insert into jobs_t values (1);
       prepare notify_q(text) as select pg_notify($1, 'x'); execute notify_q('jobs'); deallocate notify_q;
       drop table jobs_t; drop function jobs_notify;`,
    );
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { HOST_FOLDER } from '../host/host-data-dir';
import { PGliteHost } from '../host/pglite-host';
import { ENTER_USER_ROLE, USER_ROLE_SQL } from '../host/user-role';
import { BOOTSTRAP_GENERATION, BOOTSTRAP_SHA256, BOOTSTRAP_SQL, bootstrapScript } from './bootstrap';

/** What a start would run before the role set-up: the whole bootstrap, or only its lock. */
const planned = async (host: PGliteHost) =>
  (await bootstrapScript(host)).includes(BOOTSTRAP_SQL) ? 'bootstrap' : 'lock only';

const record = async (host: PGliteHost) =>
  (await host.query('select script_sha256, server_version_num from dynascope.bootstrap_record')).rows;

describe('bootstrapScript: BOOTSTRAP_SQL runs again only when its record differs', () => {
  let host: PGliteHost;
  beforeAll(async () => {
    host = await PGliteHost.open({});
  }, 120_000);
  afterAll(() => host.close());

  it('runs the bootstrap on a host without a record, and only takes its lock once the record is there', async () => {
    expect(await planned(host)).toBe('bootstrap');
    await host.exec(`${await bootstrapScript(host)};${USER_ROLE_SQL}`);
    const [[sha256, version]] = (await record(host)) as [[string, string]];
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(version).toBe((await host.query("select current_setting('server_version_num')")).rows[0]![0]);
    expect(await bootstrapScript(host)).toMatch(/^select pg_catalog\.pg_advisory_xact_lock\(\d+\)$/);
    // The lock-only start still sets the role up, and changes no record.
    await host.exec(`${await bootstrapScript(host)};${USER_ROLE_SQL}`);
    expect(await record(host)).toEqual([[sha256, version]]);
  });

  it('runs it again when the record is of another bootstrap or server version, or is missing', async () => {
    const [[sha256]] = (await record(host)) as [[string]];
    // The record an older bootstrap (another text) leaves: that bootstrap's hash.
    await host.exec(`update dynascope.bootstrap_record set script_sha256 = repeat('0', 64)`);
    expect(await planned(host)).toBe('bootstrap');
    await host.exec(await bootstrapScript(host));
    expect((await record(host))[0]![0]).toBe(sha256);
    expect(await planned(host)).toBe('lock only');

    await host.exec('update dynascope.bootstrap_record set server_version_num = 150000');
    expect(await planned(host)).toBe('bootstrap');
    await host.exec(await bootstrapScript(host));
    expect(await planned(host)).toBe('lock only');

    await host.exec('delete from dynascope.bootstrap_record');
    expect(await planned(host)).toBe('bootstrap');
    await host.exec('drop table dynascope.bootstrap_record');
    expect(await planned(host)).toBe('bootstrap');
    await host.exec(`${await bootstrapScript(host)};${USER_ROLE_SQL}`);
    expect(await planned(host)).toBe('lock only');
  });

  it('leaves no record when the bootstrap fails (one transaction)', async () => {
    await host.exec('drop table dynascope.bootstrap_record');
    await expect(host.exec(`${await bootstrapScript(host)};select 1/0`)).rejects.toThrow('division by zero');
    expect(await planned(host)).toBe('bootstrap');
    await host.exec(`${await bootstrapScript(host)};${USER_ROLE_SQL}`);
    expect(await planned(host)).toBe('lock only');
  });

  it('cannot be written, replaced or dropped by the user role', async () => {
    const before = await record(host);
    await host.exec(ENTER_USER_ROLE);
    try {
      for (const sql of [
        `update dynascope.bootstrap_record set script_sha256 = repeat('0', 64)`,
        'delete from dynascope.bootstrap_record',
        `insert into dynascope.bootstrap_record values (true, 'x', 1) on conflict (only_row) do update set script_sha256 = 'x'`,
        'truncate dynascope.bootstrap_record',
        'drop table dynascope.bootstrap_record',
        'alter table dynascope.bootstrap_record rename to r',
        'create table dynascope.bootstrap_record2 (x int)',
        `select pg_catalog.set_config('session_authorization', 'postgres', false)`,
      ])
        await expect(host.query(sql), sql).rejects.toMatchObject({ code: '42501' });
    } finally {
      await host.exec('set session authorization postgres');
    }
    expect(await record(host)).toEqual(before);
  });
});

describe('the bootstrap generation', () => {
  it('is decided on whenever the bootstrap changes', () => {
    // A change to what the bootstrap makes changes this hash. If a process of the version before it
    // cannot work with the new objects, add one to BOOTSTRAP_GENERATION (bootstrap.ts); then put the
    // new hash here.
    expect(
      BOOTSTRAP_SHA256,
      'the bootstrap changed: decide on BOOTSTRAP_GENERATION, then update this hash',
    ).toBe('6b121bbb9b29a2ab898831ed66af7b4029fb659539f71067cd61b87486331058');
  });
});

describe('Engine.open on a data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-bootstrap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the bootstrap again when its record changed while the engine was closed', async () => {
    await (await Engine.open({ dataDir: dir, vaultKey: 'bootstrap-test' })).close();
    // As the host's superuser, with the engine closed: a bootstrap object gone and the record of another bootstrap.
    const host = await PGliteHost.open({ dataDir: join(dir, HOST_FOLDER) });
    const [[sha256]] = (await record(host)) as [[string]];
    await host.exec(`drop function dynascope.cursor_move(refcursor, text, integer);
      update dynascope.bootstrap_record set script_sha256 = repeat('0', 64)`);
    await host.close();

    await (await Engine.open({ dataDir: dir, vaultKey: 'bootstrap-test' })).close();
    const again = await PGliteHost.open({ dataDir: join(dir, HOST_FOLDER) });
    const cursorMove =
      "select to_regprocedure('dynascope.cursor_move(refcursor, text, integer)') is not null";
    expect((await again.query(cursorMove)).rows).toEqual([['t']]);
    expect((await record(again))[0]![0]).toBe(sha256);
    expect(await planned(again)).toBe('lock only');
    await again.close();
  }, 120_000);

  it('refuses to start on a host a newer generation set up, and makes nothing there', async () => {
    const host = await PGliteHost.open({ dataDir: join(dir, HOST_FOLDER) });
    await host.exec(`update dynascope.bootstrap_record set generation = ${BOOTSTRAP_GENERATION + 1},
      script_sha256 = repeat('0', 64)`);
    await host.close();
    await expect(Engine.open({ dataDir: dir, vaultKey: 'bootstrap-test' })).rejects.toMatchObject({
      sqlstate: '55000',
      message: `the host was set up by a newer version of Dynascope (bootstrap generation ${BOOTSTRAP_GENERATION + 1}, this one's ${BOOTSTRAP_GENERATION})`,
    });
    const after = await PGliteHost.open({ dataDir: join(dir, HOST_FOLDER) });
    // Its record stands: the older bootstrap did not run.
    expect(
      (await after.query('select script_sha256, generation from dynascope.bootstrap_record')).rows,
    ).toEqual([['0'.repeat(64), String(BOOTSTRAP_GENERATION + 1)]]);
    // A record from before generations (no such column) counts as 1: the bootstrap runs over it.
    await after.exec('alter table dynascope.bootstrap_record drop column generation');
    await after.close();
    await (await Engine.open({ dataDir: dir, vaultKey: 'bootstrap-test' })).close();
    const upgraded = await PGliteHost.open({ dataDir: join(dir, HOST_FOLDER) });
    expect(
      (await upgraded.query('select script_sha256, generation from dynascope.bootstrap_record')).rows,
    ).toEqual([[BOOTSTRAP_SHA256, String(BOOTSTRAP_GENERATION)]]);
    await upgraded.close();
  }, 120_000);
});

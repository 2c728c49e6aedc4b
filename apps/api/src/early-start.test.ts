import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEarly, takeEarlyStart } from './early-start';

const root = mkdtempSync(join(tmpdir(), 'dynascope-early-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('startEarly', () => {
  it('takes the lock and opens PGlite in the data directory, handed over once', async () => {
    const env = { DYNASCOPE_DATA_DIR: 'one' };
    startEarly(env, root);
    const dataDir = join(root, 'one');
    const early = takeEarlyStart(dataDir);
    expect(early?.dataDir).toBe(dataDir);
    expect(takeEarlyStart(dataDir)).toBeNull();
    startEarly({ DYNASCOPE_DATA_DIR: 'one', DYNASCOPE_DATABASE_URL: 'postgres://h/db' }, root);
    expect(takeEarlyStart(dataDir)).toBeNull();
    expect(readFileSync(join(dataDir, 'dynascope.lock'), 'utf8').trim()).toBe(String(process.pid));
    const host = await early!.host;
    try {
      expect((await host.query('select 1 + 1')).rows).toEqual([['2']]);
      expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    } finally {
      await host.close();
      early!.lock.release();
    }
  });

  it('starts nothing on a directory another server holds (server.ts then says so), or with a PostgreSQL host', () => {
    const held = join(root, 'held');
    mkdirSync(held);
    writeFileSync(join(held, 'dynascope.lock'), `${process.ppid}\n`); // a live process that is not us
    startEarly({ DYNASCOPE_DATA_DIR: 'held' }, root);
    expect(takeEarlyStart(held)).toBeNull();
    expect(existsSync(join(held, 'pgdata'))).toBe(false);

    startEarly({ DYNASCOPE_DATA_DIR: 'remote', DYNASCOPE_DATABASE_URL: 'postgres://h/db' }, root);
    expect(takeEarlyStart(join(root, 'remote'))).toBeNull();
    expect(existsSync(join(root, 'remote'))).toBe(false);
  });
});

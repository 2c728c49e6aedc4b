import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess } from '../support/server-process';

// server.ts as `npm start` runs it: the wire protocol beside the HTTP API, or off.
const run = promisify(execFile);
const TOKEN = 'wire-server-token-5d81';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function start(pgPort: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dynascope-wire-server-'));
  dirs.push(dataDir);
  const port = await freePort();
  const server = await startServerProcess({
    PORT: String(port),
    DYNASCOPE_PG_PORT: String(pgPort),
    DYNASCOPE_DATA_DIR: dataDir,
    DYNASCOPE_DEMO: '0',
    DYNASCOPE_TOKEN: TOKEN,
    DYNASCOPE_WEB_DIST: join(dataDir, 'no-web-build'),
  });
  const connection = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/connection`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return (await res.json()) as unknown;
  };
  return { server, connection };
}

describe('server.ts', () => {
  it('listens for Postgres clients on DYNASCOPE_PG_PORT, beside the HTTP API', async () => {
    const pgPort = await freePort();
    const { server, connection } = await start(pgPort);
    try {
      for (let i = 0; i < 200 && !server.output().includes('Postgres wire protocol on'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(server.output()).toContain(
        `Postgres wire protocol on 127.0.0.1:${pgPort} (user dynascope, database dynascope, password: the token)`,
      );
      expect(server.output()).not.toContain(TOKEN);
      const { stdout } = await run(
        '/usr/bin/psql',
        [
          '-X',
          '-At',
          '-h',
          '127.0.0.1',
          '-p',
          String(pgPort),
          '-U',
          'dynascope',
          '-d',
          'dynascope',
          '-c',
          'select 40 + 2',
        ],
        { env: { ...process.env, PGPASSWORD: TOKEN } },
      );
      expect(stdout).toBe('42\n');
      expect(await connection()).toEqual({
        postgres: { host: '127.0.0.1', port: pgPort, user: 'dynascope', database: 'dynascope' },
      });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);

  it('DYNASCOPE_PG_PORT=0 turns it off', async () => {
    const { server, connection } = await start(0);
    try {
      expect(await connection()).toEqual({ postgres: null });
      expect(server.output()).not.toContain('Postgres wire protocol');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});

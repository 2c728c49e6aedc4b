import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** Debian's PostgreSQL server (the `postgresql` package; .ci/run installs it where missing). */
const BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** A superuser URL of the cluster's `postgres` database (append another database's name to it). */
  readonly url: (database?: string) => string;
  readonly stop: () => void;
}

/**
 * A throwaway PostgreSQL cluster in a temp directory on a free port, C collation and UTF-8 like
 * the engine's hosts, fsync off (tests only). As root (CI) it runs as the `postgres` user, since
 * Postgres refuses to run as root.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (!existsSync(join(BIN, 'pg_ctl')))
    throw new Error(
      `no PostgreSQL server at ${BIN}: install Debian's postgresql package (apt-get install postgresql)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  const run = (bin: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(BIN, bin),
      asRoot ? ['-u', 'postgres', '--', join(BIN, bin), ...args] : args,
      {
        stdio: 'pipe',
      },
    );
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    '-c shared_buffers=64MB',
  ].join(' ');
  try {
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (e) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log}`, { cause: e });
  }
  return {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

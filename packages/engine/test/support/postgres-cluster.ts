import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';

/** Debian's PostgreSQL server (the `postgresql` package; .ci/run installs it where missing). */
const BIN = '/usr/lib/postgresql/15/bin';

/**
 * Locales some tests use (lc_monetary 'de_DE.UTF-8', collate "en_US"), compiled from the `locales`
 * package's sources into the cluster's directory (localedef, no internet, nothing outside it) and
 * given to the server by LOCPATH, as a machine with them installed would have them.
 */
const LOCALES = ['de_DE', 'en_US'];
const LOCALE_SOURCES = '/usr/share/i18n/locales';

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
  const locales = join(dir, 'locales');
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  const run = (bin: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(BIN, bin),
      asRoot ? ['-u', 'postgres', '--', join(BIN, bin), ...args] : args,
      { stdio: 'pipe', env: { ...process.env, LOCPATH: locales } },
    );
  try {
    mkdirSync(locales);
    for (const locale of LOCALES) {
      if (!existsSync(join(LOCALE_SOURCES, locale)))
        throw new Error(`no ${locale} locale source in ${LOCALE_SOURCES}: install Debian's locales package`);
      execFileSync('localedef', ['-i', locale, '-f', 'UTF-8', join(locales, `${locale}.UTF-8`)], {
        stdio: 'pipe',
      });
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
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
  const cluster: PostgresCluster = {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  // initdb names a libc collation after each installed locale; databases made later copy template1's.
  const admin = new pg.Client({ connectionString: cluster.url('template1') });
  try {
    await admin.connect();
    await admin.query(`create collation "en_US" (locale = 'en_US.UTF-8')`);
  } catch (e) {
    cluster.stop();
    throw e;
  } finally {
    await admin.end();
  }
  return cluster;
}

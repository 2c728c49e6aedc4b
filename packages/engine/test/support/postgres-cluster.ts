import { execFileSync } from 'node:child_process';
import {
  chownSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

/** A PEM certificate and key: the cluster then accepts TLS (`ssl = on`). */
export interface ClusterTls {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/**
 * A throwaway PostgreSQL cluster in a temp directory on a free port, C collation and UTF-8 like
 * the engine's hosts, fsync off (tests only). As root (CI) it runs as the `postgres` user, since
 * Postgres refuses to run as root.
 */
export async function startPostgresCluster(tls?: ClusterTls): Promise<PostgresCluster> {
  if (!existsSync(join(BIN, 'pg_ctl')))
    throw new Error(
      `no PostgreSQL server at ${BIN}: install Debian's postgresql package (apt-get install postgresql)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const locales = join(dir, 'locales');
  const owner = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString()) : undefined;
  if (owner !== undefined) chownSync(dir, owner, 0);
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
  if (tls) {
    // Postgres refuses a key file others can read.
    for (const [name, pem] of [
      ['cert.pem', tls.cert],
      ['key.pem', tls.key],
    ] as const) {
      writeFileSync(join(dir, name), pem);
      chmodSync(join(dir, name), 0o600);
      if (owner !== undefined) chownSync(join(dir, name), owner, 0);
    }
  }
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
    ...(tls
      ? ['-c ssl=on', `-c ssl_cert_file=${join(dir, 'cert.pem')}`, `-c ssl_key_file=${join(dir, 'key.pem')}`]
      : []),
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

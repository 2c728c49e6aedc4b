import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The run on a PostgreSQL server as the host (`npm run test:pg`, DYNASCOPE_TEST_HOST=postgres):
 * test/support/global-setup-postgres.ts starts a cluster of Debian's PostgreSQL 15 and every test
 * engine (harness.openTestEngine) gets a fresh database of it instead of a PGlite. The integration
 * files run there as well, and the server host's own tests; the unit tests under src/ test pure
 * logic or PGlite itself and run once, in the PGlite run.
 */
const ON_POSTGRES = ['src/host/pg-*.test.ts', 'test/integration/**/*.test.ts'];

/** Files that open their engines on PGlite themselves. */
const OWN_PGLITE =
  'opens its engines on PGlite itself (Engine.open with the PGlite template): it tests one shared connection, whose transaction block keeps the other sessions waiting (55P03), which a server host, a connection per session, does not do';

/** Integration files that do not run on the PostgreSQL host, and why: printed when that run starts. */
const NOT_ON_POSTGRES: Record<string, string> = {
  'test/integration/sessions.test.ts': OWN_PGLITE,
  'test/integration/transactions.test.ts': OWN_PGLITE,
  'test/integration/concurrent-sessions.test.ts': OWN_PGLITE,
  'test/integration/wire-entry-points.test.ts': OWN_PGLITE,
};

/** Integration files that run on the PostgreSQL host only, and why: printed when the PGlite run starts. */
const ONLY_ON_POSTGRES: Record<string, string> = {
  'test/integration/vault-check-read-race.test.ts':
    'another process commits between two queries of one statement: a data directory has one connection, on which nothing can',
};

const onPostgres = process.env.DYNASCOPE_TEST_HOST === 'postgres';
const [notHere, heading] = onPostgres
  ? [NOT_ON_POSTGRES, 'Not run on the PostgreSQL host:']
  : [ONLY_ON_POSTGRES, 'Run on the PostgreSQL host only (npm run test:pg):'];
console.log(heading);
for (const [file, why] of Object.entries(notHere)) console.log(`  ${file}: ${why}`);

export default defineConfig({
  test: {
    include: onPostgres ? ON_POSTGRES : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The server host's own tests need the cluster of the PostgreSQL run.
    exclude: [
      ...configDefaults.exclude,
      ...Object.keys(notHere),
      ...(onPostgres ? [] : ['src/host/pg-*.test.ts']),
    ],
    globalSetup: [
      'test/support/global-setup.ts',
      ...(onPostgres ? ['test/support/global-setup-postgres.ts'] : []),
    ],
    // Every file starts with the parser loaded (a file that parses at once would race its WebAssembly).
    setupFiles: ['test/support/load-parser.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

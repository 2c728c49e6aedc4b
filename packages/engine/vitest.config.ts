import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The run on a PostgreSQL server as the host (`npm run test:pg`, DYNASCOPE_TEST_HOST=postgres):
 * test/support/global-setup-postgres.ts starts a cluster of Debian's PostgreSQL 15 and every test
 * engine gets a fresh database of it instead of a PGlite. These files run there as well.
 */
const ON_POSTGRES = [
  'src/host/pg-*.test.ts',
  'test/integration/smoke.test.ts',
  // More to try there: DYNASCOPE_TEST_FILES=test/integration/a.test.ts,... npm run test:pg -- <files>
  ...(process.env.DYNASCOPE_TEST_FILES ?? '').split(',').filter(Boolean),
];

/** Files that do not run on the PostgreSQL host, and why: printed when that run starts. */
const NOT_ON_POSTGRES: Record<string, string> = {};

const onPostgres = process.env.DYNASCOPE_TEST_HOST === 'postgres';
if (onPostgres && Object.keys(NOT_ON_POSTGRES).length) {
  console.log('Not run on the PostgreSQL host:');
  for (const [file, why] of Object.entries(NOT_ON_POSTGRES)) console.log(`  ${file}: ${why}`);
}

export default defineConfig({
  test: {
    include: onPostgres ? ON_POSTGRES : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The PostgreSQL host's own tests need the cluster of the PostgreSQL run.
    exclude: [
      ...configDefaults.exclude,
      ...(onPostgres ? Object.keys(NOT_ON_POSTGRES) : ['src/host/pg-*.test.ts']),
    ],
    globalSetup: [
      'test/support/global-setup.ts',
      ...(onPostgres ? ['test/support/global-setup-postgres.ts'] : []),
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

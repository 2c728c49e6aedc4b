import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The pass on a PostgreSQL server as the host (`npm run test:pg`, DYNASCOPE_TEST_HOST=postgres):
 * the engine's own set-up starts a throwaway cluster of Debian's PostgreSQL 15 with a bootstrapped
 * template database, and the files under test/pg-host/ start the real server with
 * DYNASCOPE_DATABASE_URL on a fresh database of it. They run in that pass only.
 */
const onPostgres = process.env.DYNASCOPE_TEST_HOST === 'postgres';
const PG_HOST_FILES = 'test/pg-host/**/*.test.ts';
/**
 * Files of the PGlite pass that run in this pass too, their engine on a fresh database of the cluster
 * (test/support/demo-fixture.ts): cursors, whose spilled rows and host cursors live in the host.
 */
const BOTH_HOSTS = ['test/pgwire/cursor-tags.test.ts', 'test/pgwire/driver-cursors.test.ts'];

// Tests run real processes (dynalite, the engine's PGlite, the server itself). On a 2-core machine
// running two such files at once only makes each slower and timing checks flaky: one file at a time.
export default defineConfig({
  test: {
    include: onPostgres ? [PG_HOST_FILES, ...BOTH_HOSTS] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(onPostgres ? [] : [PG_HOST_FILES])],
    ...(onPostgres && { globalSetup: ['../../packages/engine/test/support/global-setup-postgres.ts'] }),
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

import { defineConfig } from 'vitest/config';

// Tests run real processes (dynalite, the engine's PGlite, the server itself). On a 2-core machine
// running two such files at once only makes each slower and timing checks flaky: one file at a time.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

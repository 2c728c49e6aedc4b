import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app';
import type { WorkbenchEngine } from '../../src/workbench-engine';
import { TEST_TOKEN } from './demo-fixture';
import { freePort } from './server-process';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/** The app over `engine` served on a free loopback port, for a client in another process. */
export async function serveApp(engine: WorkbenchEngine): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const app = createApp({ engine, token: TEST_TOKEN, allowedHosts: [`127.0.0.1:${port}`] });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs `npm run check-queries` (a child process) with `env` added: its exit code and output. */
export function checkQueries(
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)('npm', ['run', '--silent', 'check-queries'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

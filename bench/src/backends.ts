import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { startDynamoDbLocal } from '../../packages/engine/test/support/dynamodb-local';
import { freePort, waitForDynamo } from '../../packages/engine/test/support/ports';

export interface Backend {
  readonly name: 'dynalite' | 'dynamodb-local';
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** dynalite in its own process (in memory), so its CPU is not the benchmark's. */
export async function startDynalite(): Promise<Backend> {
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [cli, '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0'],
    { stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForDynamo(endpoint, 30_000, () => child.exitCode !== null);
  return {
    name: 'dynalite',
    endpoint,
    stop: () =>
      new Promise((resolve) =>
        child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
      ),
  };
}

export async function startLocal(): Promise<Backend> {
  const local = await startDynamoDbLocal();
  return { name: 'dynamodb-local', ...local };
}

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../../packages/engine/test/support/dynamodb-local';
import { freePort, waitForDynamo } from '../../packages/engine/test/support/ports';

export interface Backend {
  readonly name: 'dynalite' | 'dynamodb-local';
  readonly endpoint: string;
  /** Where the emulator's own event-loop gaps and GC pauses go, when asked for (loop-gap-probe.mjs). */
  readonly loopGaps?: string;
  stop(): Promise<void>;
}

const PROBE = fileURLToPath(new URL('./loop-gap-probe.mjs', import.meta.url));

/**
 * dynalite in its own process (in memory), so its CPU is not the benchmark's. `loopGaps`: a file for
 * its event-loop gaps and GC pauses (the session-latency line's breakdown of the emulator's waits).
 */
export async function startDynalite(loopGaps?: string): Promise<Backend> {
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js');
  const port = await freePort();
  const probe = loopGaps && {
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`,
      DYNASCOPE_BENCH_LOOP_GAPS: loopGaps,
    },
  };
  const child = spawn(
    process.execPath,
    [cli, '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0'],
    { stdio: 'ignore', ...probe },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForDynamo(endpoint, 30_000, () => child.exitCode !== null);
  return {
    name: 'dynalite',
    endpoint,
    ...(loopGaps && { loopGaps }),
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

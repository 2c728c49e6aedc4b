import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../../packages/engine/test/support/dynamodb-local';
import { freePort, waitForDynamo } from '../../packages/engine/test/support/ports';

export interface Backend {
  readonly name: 'dynalite' | 'dynamodb-local';
  readonly endpoint: string;
  /** Where the emulator's own event-loop gaps and GC pauses go, when asked for (loop-gap-probe.mjs). */
  readonly loopGaps?: string;
  /** Whether `table` was already filled with `count` items by an earlier run (a reused DYNALITE_DIR). */
  loaded(table: string, count: number): boolean;
  /** Notes that `table` now holds `count` items, for the next run on the same DYNALITE_DIR. */
  markLoaded(table: string, count: number): void;
  stop(): Promise<void>;
}

/** Emulators whose data does not outlive the run: nothing is ever loaded beforehand. */
const fresh = { loaded: () => false, markLoaded: () => {} };

const PROBE = fileURLToPath(new URL('./loop-gap-probe.mjs', import.meta.url));
const CLOSE_ITERATORS = fileURLToPath(
  new URL('../../apps/api/src/dynalite/close-level-iterators.cjs', import.meta.url),
);

/**
 * dynalite in its own process, so its CPU is not the benchmark's. By default its store is LevelDB on
 * disk, as the embedded demo runs it (apps/api/src/demo/demo-dynamo.ts): a 1M-item table in memory
 * (DYNALITE_STORE=memory) holds ~600 MB of JavaScript objects whose incremental marking stalls the
 * emulator's one thread for 90–200 ms at a time, a cost of that set-up, not of the product.
 * DYNALITE_DIR keeps the LevelDB store there and reuses the tables an earlier run filled (a marker
 * file per table and item count). `loopGaps`: a file for its event-loop gaps and GC pauses (the
 * session-latency line's breakdown of the emulator's waits).
 */
export async function startDynalite(loopGaps?: string): Promise<Backend> {
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js');
  const port = await freePort();
  const inMemory = process.env.DYNALITE_STORE === 'memory';
  const dir = inMemory
    ? undefined
    : (process.env.DYNALITE_DIR ?? mkdtempSync(join(tmpdir(), 'bench-dynalite-')));
  if (dir) mkdirSync(dir, { recursive: true });
  const marker = (table: string, count: number) => join(dir!, `loaded-${table}-${count}`);
  const probe = loopGaps && {
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`,
      DYNASCOPE_BENCH_LOOP_GAPS: loopGaps,
    },
  };
  const child = spawn(
    process.execPath,
    [
      // As the demo runs it: closing the LevelDB iterators its pages read with (else it grows ~20 MB a 1M-item Scan).
      `--require=${CLOSE_ITERATORS}`,
      cli,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--createTableMs',
      '0',
      ...(dir ? ['--path', dir] : []),
    ],
    { stdio: 'ignore', ...probe },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForDynamo(endpoint, 30_000, () => child.exitCode !== null);
  return {
    name: 'dynalite',
    endpoint,
    ...(loopGaps && { loopGaps }),
    ...(dir
      ? {
          loaded: (table: string, count: number) => existsSync(marker(table, count)),
          markLoaded: (table: string, count: number) => writeFileSync(marker(table, count), ''),
        }
      : fresh),
    stop: () =>
      new Promise((resolve) =>
        child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
      ),
  };
}

export async function startLocal(): Promise<Backend> {
  const local = await startDynamoDbLocal();
  return { name: 'dynamodb-local', ...local, ...fresh };
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DemoFill } from '@dynascope/contract';
import { startDynalite, type DynaliteProcess } from '../dynalite/start-dynalite';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from './demo-sql';
import { createDemoTables, DEMO_EVENTS_TABLE, fillDemoEvents, writeSmallDemoTables } from './seed-demo-data';

const SEEDED_MARKER = 'demo-seeded.json';
/** The port dynalite listened on last time, which the next start asks for first. */
const PORT_FILE = 'port';

const dynaliteDir = (dataDir: string) => join(dataDir, 'dynalite');

/**
 * Starts the embedded DynamoDB (dynalite) with its data persisted in `<dataDir>/dynalite`, on the
 * port it had last time when that is free: the demo server's endpoint (and anything else pointed at
 * it) then stays as it was, and a restart need not alter the catalog (wire-demo.ts).
 */
export async function startDemoDynalite(dataDir: string): Promise<DynaliteProcess> {
  const dir = dynaliteDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const last = lastPort(dir);
  const dynalite = await startDynalite({ path: dir, ...(last !== undefined && { port: last }) });
  if (dynalite.port !== last) {
    try {
      writeFileSync(join(dir, PORT_FILE), String(dynalite.port));
    } catch {
      // Only the next start's port preference is lost.
    }
  }
  return dynalite;
}

function lastPort(dir: string): number | undefined {
  try {
    const port = Number(readFileSync(join(dir, PORT_FILE), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

export interface SeedDemoOnceOptions {
  readonly dataDir: string;
  /** Items in the demo `events` table. */
  readonly events: number;
  readonly log: (line: string) => void;
}

/** The big `events` table filling in the background after `startDemoSeed`. */
export interface DemoSeed {
  /** The small tables written (the server listens after this); rejects if that failed. */
  readonly ready: Promise<void>;
  /** How far it got, for `GET /api/demo`. */
  status(): DemoFill;
  /**
   * Starts the fill (once the server listens, so it does not slow the start); the promise settles
   * when it ends: done (the marker is written), failed (logged) or stopped. Never rejects.
   */
  start(): Promise<void>;
  /** Stops between batches (shutdown) and waits; the next start fills again. */
  stop(): Promise<void>;
}

/**
 * On the first start only: creates the demo tables (awaited) and writes the small ones (`ready`: a
 * second or two, while the engine opens); `start()` then fills `events` in the background — queries on it meanwhile see what is written so far.
 * A marker file written after a complete fill makes later starts skip all of it (null); an
 * interrupted fill runs again on the next start.
 */
export async function startDemoSeed(
  dynalite: DynaliteProcess,
  options: SeedDemoOnceOptions,
): Promise<DemoSeed | null> {
  const marker = join(dynaliteDir(options.dataDir), SEEDED_MARKER);
  if (existsSync(marker)) return null;
  const client = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: DEMO_REGION,
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
  const started = Date.now();
  options.log(
    `Creating the demo DynamoDB tables (first start only, ${options.events.toLocaleString('en-US')} events filled in the background)...`,
  );
  try {
    await createDemoTables(client);
  } catch (err) {
    client.destroy();
    throw err;
  }
  const smallTables = writeSmallDemoTables(client, { log: options.log });
  smallTables.catch(() => undefined); // the caller awaits it (ready)
  let status: DemoFill = { table: DEMO_EVENTS_TABLE, written: 0, total: options.events, state: 'loading' };
  const abort = new AbortController();
  let finished: Promise<void> | undefined;
  const fill = () =>
    smallTables
      .then(() =>
        fillDemoEvents(client, {
          events: options.events,
          log: options.log,
          signal: abort.signal,
          onProgress: (written) => (status = { ...status, written }),
        }),
      )
      .then((written) => {
        if (abort.signal.aborted) return;
        writeFileSync(
          marker,
          `${JSON.stringify({ version: 1, events: options.events, seededAt: new Date().toISOString() })}\n`,
        );
        status = { ...status, written, state: 'done' };
        options.log(`Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        status = { ...status, state: 'failed', message };
        options.log(
          `Warning: filling the demo ${DEMO_EVENTS_TABLE} table failed (the next start tries again): ${message}`,
        );
      })
      .finally(() => client.destroy());
  return {
    ready: smallTables,
    status: () => status,
    start: () => (finished ??= fill()),
    stop: () => {
      abort.abort();
      if (finished) return finished;
      client.destroy();
      return (finished = Promise.resolve());
    },
  };
}

/** `startDemoSeed` and waiting for the fill. True if it seeded. */
export async function seedDemoOnce(
  dynalite: DynaliteProcess,
  options: SeedDemoOnceOptions,
): Promise<boolean> {
  const seed = await startDemoSeed(dynalite, options);
  if (!seed) return false;
  await seed.ready;
  await seed.start();
  if (seed.status().state === 'failed') throw new Error(seed.status().message);
  return true;
}

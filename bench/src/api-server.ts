import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../packages/engine/test/support/ports';

const API_DIR = fileURLToPath(new URL('../../apps/api/', import.meta.url));
const TOKEN = 'bench-api-token-0123456789';

/** The production API server (compiled: apps/api/dist/server.js) in a process of its own. */
export interface ApiServer {
  readonly base: string;
  /** Milliseconds from spawning the process to /api/health answering. */
  readonly healthyMs: number;
  /**
   * POST /api/sql (in `session`, or the default one); throws on an error answer. Each session talks on
   * a kept-alive connection of its own, as clients of their own would: one connection answers one
   * request at a time, so sessions sharing it would wait for each other's statements in this client.
   */
  sql(sql: string, session?: string): Promise<unknown>;
  /** GET /api/health (the trivial endpoint: one HTTP round trip). */
  health(): Promise<void>;
  stop(): Promise<void>;
}

/** Compiles the server (apps/api/build.mjs), as `npm start` does. */
export function buildApiServer(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: API_DIR, stdio: 'inherit' });
}

/** A fresh data directory for `startApiServer`. */
export const freshDataDir = () => mkdtempSync(join(tmpdir(), 'dynascope-bench-api-'));

/** Starts `node dist/server.js` on `dataDir` and waits until /api/health answers. */
export async function startApiServer(dataDir: string, env: Record<string, string> = {}): Promise<ApiServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: API_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      DYNASCOPE_PG_PORT: '0',
      DYNASCOPE_TOKEN: TOKEN,
      DYNASCOPE_DATA_DIR: dataDir,
      DYNASCOPE_WEB_DIST: join(dataDir, 'no-web-build'),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = keepAliveClient(port);
  const sessions = new Map<string, ReturnType<typeof keepAliveClient>>();
  const clientOf = (session: string | undefined) => {
    if (session === undefined) return client;
    let own = sessions.get(session);
    if (!own) sessions.set(session, (own = keepAliveClient(port)));
    return own;
  };
  const health = async () => {
    const res = await client('GET', '/api/health');
    if (res.status !== 200) throw new Error(`/api/health: ${res.status}`);
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API server exited with ${child.exitCode}`);
    try {
      await health();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const healthyMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    base,
    healthyMs,
    health,
    async sql(sql: string, session?: string) {
      const res = await clientOf(session)(
        'POST',
        '/api/sql',
        JSON.stringify({ sql, ...(session !== undefined && { session }) }),
      );
      const body = JSON.parse(res.text) as { error?: { message: string; sqlstate?: string } };
      if (body.error) throw new Error(`${body.error.sqlstate} ${body.error.message}`);
      return body;
    },
    stop: () => {
      for (const c of [client, ...sessions.values()]) c.agent.destroy();
      return stopChild(child, exited);
    },
  };
}

/**
 * The bench's HTTP client: node:http on one kept-alive connection, as a driver or a proxy would talk
 * to the server. Not `fetch`: on these VMs undici's own work is ~0.8 ms a request (a bare node:http
 * server answering at once: 1.2 ms through fetch, 0.4 ms through this), which would be measured as
 * the server's.
 */
export function keepAliveClient(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: 'GET' | 'POST', path: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            authorization: `Bearer ${TOKEN}`,
            ...(body !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return Object.assign(send, { agent });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
}

/**
 * The bare node:http server of http-floor.mjs (POST /plain, POST /worker), in a process of its own;
 * with `lookup`, also POST /getitem: that GetItem sent from the bare server with the AWS SDK.
 */
export async function startHttpFloor(lookup?: {
  readonly endpoint: string;
  readonly table: string;
  readonly key: Record<string, AttributeValue>;
}): Promise<{
  plain(): Promise<void>;
  worker(): Promise<void>;
  getItem(): Promise<void>;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('./http-floor.mjs', import.meta.url)),
      String(port),
      ...(lookup ? [JSON.stringify(lookup)] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  const client = keepAliveClient(port);
  const body = JSON.stringify({ sql: 'select 1' });
  return {
    plain: async () => void (await client('POST', '/plain', body)),
    worker: async () => void (await client('POST', '/worker', body)),
    getItem: async () => {
      const res = await client('POST', '/getitem', '{}');
      // The bench measures the lookup only if it found its item, as the API's lookup does.
      if (res.status !== 200 || (JSON.parse(res.text) as { item: unknown }).item === null)
        throw new Error(`the bare server's GetItem: ${res.status} ${res.text}`);
    },
    stop: () => {
      client.agent.destroy();
      return stopChild(child, exited);
    },
  };
}

/** GET /api/demo with the bench's token. */
export async function demoFill(base: string): Promise<{ state: string; written: number } | null> {
  const res = await fetch(`${base}/api/demo`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return ((await res.json()) as { fill: { state: string; written: number } | null }).fill;
}

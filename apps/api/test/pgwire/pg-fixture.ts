import { execFile } from 'node:child_process';
import { createApp, type AppType } from '../../src/app';
import { startPgServer, type PgServer } from '../../src/pgwire/pg-server';
import { startDemoFixture, TEST_TOKEN, type DemoFixture } from '../support/demo-fixture';

export interface PgFixture {
  readonly demo: DemoFixture;
  readonly server: PgServer;
  /** The HTTP app beside it, as server.ts builds it (it tells where the wire protocol listens). */
  readonly app: AppType;
  /** node-postgres / libpq connection settings for the server. */
  readonly connection: { host: string; port: number; user: string; database: string; password: string };
  close(): Promise<void>;
}

/** The real engine on dynalite with the demo tables (`events` items in events), and the wire server on a free port. */
export async function startPgFixture(
  events: number,
  tls: { cert: Buffer; key: Buffer } | null = null,
): Promise<PgFixture> {
  const demo = await startDemoFixture({ events });
  const server = await startPgServer({
    engine: demo.engine,
    token: TEST_TOKEN,
    host: '127.0.0.1',
    port: 0,
    tls,
  });
  const app = createApp({
    engine: demo.engine,
    token: TEST_TOKEN,
    postgres: () => ({ host: '127.0.0.1', port: server.port, user: 'dynascope', database: 'dynascope' }),
  });
  return {
    demo,
    server,
    app,
    connection: {
      host: '127.0.0.1',
      port: server.port,
      user: 'dynascope',
      database: 'dynascope',
      password: TEST_TOKEN,
    },
    async close() {
      await server.close();
      await demo.close();
    },
  };
}

export interface PsqlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs Debian's psql against the server (`-X`: no ~/.psqlrc), with `args` and `input` on stdin. */
export function psql(
  fixture: Pick<PgFixture, 'connection'>,
  args: readonly string[],
  options: { input?: string; password?: string; sslmode?: string; env?: Record<string, string> } = {},
): Promise<PsqlRun> {
  const { host, port, user, database } = fixture.connection;
  return new Promise((resolve) => {
    const child = execFile(
      '/usr/bin/psql',
      ['-X', '-h', host, '-p', String(port), '-U', user, '-d', database, ...args],
      {
        env: {
          ...process.env,
          PGPASSWORD: options.password ?? fixture.connection.password,
          PGCONNECT_TIMEOUT: '10',
          PGSSLMODE: options.sslmode ?? 'prefer',
          ...options.env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    // psql may exit before it reads its input (`-c`, a failed connection): the pipe's EPIPE is no error
    // of the run, whose exit code and output say what happened.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.input ?? '');
  });
}

import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Engine } from '@dynascope/engine';
import { createApp } from './app';
import { databaseHost, readConfig } from './config';
import { lockDataDir } from './data-dir-lock';
import { takeEarlyStart } from './early-start';
import { startDemoDynalite, startDemoSeed, type DemoSeed } from './demo/demo-dynamo';
import { loadExamples } from './demo/load-examples';
import { wireDemo } from './demo/wire-demo';
import { RunningRequests } from './sql/running-requests';
import { startPgServer, type PgServer } from './pgwire/pg-server';

// Starts Dynascope: embedded DynamoDB (unless DYNASCOPE_DEMO=0), the engine, then the HTTP server.
// Logs say what happens, never SQL or credentials.

// Dynascope targets Node 20 on purpose; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const log = (line: string) => console.log(line);
/** An error's message, and its hint when it has one (the engine's errors say there what to do). */
const messageOf = (err: unknown) =>
  err instanceof Error
    ? `${err.message}${'hint' in err && typeof err.hint === 'string' ? ` (${err.hint})` : ''}`
    : String(err);
const fail = (message: string): never => {
  console.error(`Dynascope: ${message}`);
  process.exit(1);
};
/** Configuration mistakes end the start-up with one clear line, not a stack trace. */
const orFail = <T>(step: () => T): T => {
  try {
    return step();
  } catch (err) {
    return fail(messageOf(err));
  }
};

const config = orFail(() => readConfig(process.env, process.cwd()));
const started = Date.now();
// The entry (main.ts) may have taken the lock and started PGlite already.
const early = takeEarlyStart(config.dataDir);
const lock = early?.lock ?? orFail(() => lockDataDir(config.dataDir));
log(`Dynascope: data directory ${config.dataDir}`);
if (config.databaseUrl) log(`Dynascope: host ${databaseHost(config.databaseUrl)} (DYNASCOPE_DATABASE_URL)`);

// The engine opens (PGlite) while the embedded DynamoDB starts and, on a first start, its demo
// tables are created; the small ones are written while the catalog is wired, and the big `events`
// table fills in the background once the server listens (GET /api/demo shows how far). The engine
// is started first: its host's start is the longest, and dynalite's fork blocks this thread a moment.
const openingEngine = Engine.open({
  dataDir: config.dataDir,
  ...(config.databaseUrl && { databaseUrl: config.databaseUrl }),
  // On a shared database, processes of one token are one writer of the vault (restarts too).
  vaultHolder: config.token,
  ...(early && { openingHost: early.host }),
});
const startingDynalite = config.demo ? startDemoDynalite(config.dataDir) : null;
const [seeding, opening] = await Promise.allSettled([
  startingDynalite?.then((started) =>
    startDemoSeed(started, { dataDir: config.dataDir, events: config.demoEvents, log }),
  ) ?? null,
  openingEngine,
]);
const dynalite = (await startingDynalite?.catch(() => null)) ?? null;
if (seeding.status === 'rejected' || opening.status === 'rejected') {
  if (opening.status === 'fulfilled') await opening.value.close();
  if (seeding.status === 'fulfilled') await seeding.value?.stop();
  await dynalite?.stop();
  lock.release();
  const reason: unknown =
    seeding.status === 'rejected' ? seeding.reason : (opening as PromiseRejectedResult).reason;
  fail(`start-up failed: ${messageOf(reason)}`);
}
const engine = (opening as PromiseFulfilledResult<Engine>).value;
const demoSeed = (seeding as PromiseFulfilledResult<DemoSeed | null>).value;
if (dynalite) {
  // The catalog's demo server is wired while the small tables are still being written.
  const [wiring, writing] = await Promise.allSettled([wireDemo(engine, dynalite.endpoint), demoSeed?.ready]);
  if (writing.status === 'rejected') {
    await engine.close();
    await dynalite.stop();
    lock.release();
    fail(`start-up failed: ${messageOf(writing.reason)}`);
  }
  if (wiring.status === 'fulfilled')
    log(`Embedded DynamoDB (dynalite) at ${dynalite.endpoint}; demo server ${wiring.value}.`);
  // The workbench is still useful without the demo wiring: say so and go on.
  else log(`Warning: the demo set-up failed, starting without it: ${messageOf(wiring.reason)}`);
}
if (config.tokenFromEnv && config.token.length < 16) {
  log(
    'Warning: DYNASCOPE_TOKEN is shorter than 16 characters; anyone who guesses it can run SQL with your credentials.',
  );
}
if (!['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
  log(
    `Warning: listening on ${config.host}, not loopback. Requests must still name an allowed host (DYNASCOPE_ALLOWED_HOSTS).`,
  );
}

const running = new RunningRequests();
let pgServer: PgServer | null = null;
const app = createApp({
  engine,
  token: config.token,
  allowedHosts: config.allowedHosts,
  running,
  examples: config.demo ? loadExamples() : [],
  webDist: config.webDist,
  postgres: () =>
    pgServer && { host: config.host, port: pgServer.port, user: 'dynascope', database: 'dynascope' },
  demoFill: () => demoSeed?.status() ?? null,
});

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const shownHost = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${info.port}/`;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`Dynascope is ready in ${seconds} s. Open:`);
  log(config.tokenFromEnv ? `  ${url}  (token from DYNASCOPE_TOKEN)` : `  ${url}?token=${config.token}`);
  void demoSeed?.start();
});
server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(`Dynascope: cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
  void shutdown(1);
});

// Ready before the wire server starts (the module awaits it): a SIGTERM or a busy HTTP port then
// still shuts down cleanly instead of killing the process or meeting an uninitialised `stopping`.
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('Dynascope: shutting down...');
  running.cancelAll();
  await running.idle(5000);
  server.close();
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  await pgServer?.close();
  await demoSeed?.stop();
  await engine
    .close()
    .catch((err: unknown) => console.error(`Dynascope: closing the engine failed: ${String(err)}`));
  await dynalite?.stop();
  lock.release();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

// The Postgres wire protocol beside the HTTP API: psql, JDBC, BI tools (password: the token).
if (config.pgPort !== 0) {
  try {
    const tls = config.pgTls && {
      cert: readFileSync(config.pgTls.certFile),
      key: readFileSync(config.pgTls.keyFile),
    };
    pgServer = await startPgServer({
      engine,
      token: config.token,
      host: config.host,
      port: config.pgPort,
      tls,
    });
    log(
      `Postgres wire protocol on ${config.host}:${pgServer.port} (user dynascope, database dynascope, password: the token)`,
    );
  } catch (err) {
    // The workbench and the HTTP API still work: say so and go on without the wire protocol.
    log(
      `Warning: the Postgres wire protocol is off: it cannot start on ${config.host}:${config.pgPort} (DYNASCOPE_PG_PORT): ${messageOf(err)}`,
    );
  }
}

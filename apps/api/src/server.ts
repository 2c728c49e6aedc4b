import { mkdirSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Engine } from '@dynascope/engine';
import { createApp } from './app';
import { readConfig } from './config';
import { loadExamples } from './demo/load-examples';
import { startDemoDynamo } from './demo/start-demo-dynamo';
import { wireDemo } from './demo/wire-demo';
import { RunningRequests } from './sql/running-requests';

// Starts Dynascope: embedded DynamoDB (unless DYNASCOPE_DEMO=0), the engine, then the HTTP server.
// Logs say what happens, never SQL or credentials.
// Dynascope targets Node 20 on purpose; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const log = (line: string) => console.log(line);
const config = readConfig(process.env, process.cwd());
const started = Date.now();
mkdirSync(config.dataDir, { recursive: true });
log(`Dynascope: data directory ${config.dataDir}`);

// The engine opens (PGlite) while dynalite starts and, on the first start, fills the demo tables.
const [dynaliteStart, engineOpen] = await Promise.allSettled([
  config.demo ? startDemoDynamo({ dataDir: config.dataDir, events: config.demoEvents, log }) : null,
  Engine.open({ dataDir: config.dataDir }),
]);
if (dynaliteStart.status === 'rejected' || engineOpen.status === 'rejected') {
  if (dynaliteStart.status === 'fulfilled') await dynaliteStart.value?.stop();
  if (engineOpen.status === 'fulfilled') await engineOpen.value.close();
  throw dynaliteStart.status === 'rejected'
    ? dynaliteStart.reason
    : (engineOpen as PromiseRejectedResult).reason;
}
const dynalite = dynaliteStart.value;
const engine = engineOpen.value;
if (dynalite) {
  const wired = await wireDemo(engine, dynalite.endpoint);
  log(`Embedded DynamoDB (dynalite) at ${dynalite.endpoint}; demo server ${wired}.`);
}

if (!['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
  log(
    `Warning: listening on ${config.host}, not loopback. Requests must still name an allowed host (DYNASCOPE_ALLOWED_HOSTS).`,
  );
}

const running = new RunningRequests();
const app = createApp({
  engine,
  token: config.token,
  allowedHosts: config.allowedHosts,
  running,
  examples: config.demo ? loadExamples() : [],
  webDist: config.webDist,
});

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  const shownHost = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${info.port}/`;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`Dynascope is ready in ${seconds} s. Open:`);
  log(config.tokenFromEnv ? `  ${url}  (token from DYNASCOPE_TOKEN)` : `  ${url}?token=${config.token}`);
});
server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(`Dynascope: cannot listen on ${config.host}:${config.port}: ${err.code ?? err.message}`);
  void shutdown(1);
});

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('Dynascope: shutting down...');
  running.cancelAll();
  await running.idle(5000);
  server.close();
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  await engine
    .close()
    .catch((err: unknown) => console.error(`Dynascope: closing the engine failed: ${String(err)}`));
  await dynalite?.stop();
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

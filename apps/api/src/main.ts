import { startEarly } from './early-start';

// The server's entry: the embedded Postgres starts opening first, then the server itself loads
// (server.ts, in chunks of its own in the compiled build: apps/api/build.mjs).
startEarly(process.env, process.cwd());
await import('./server');

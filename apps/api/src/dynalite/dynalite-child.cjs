// Runs dynalite in its own process so its LevelDB work never blocks the API's event loop.
// Started by start-dynalite.ts with an IPC channel: it reports the port it got, and exits when the
// parent goes away (the channel closes), so no orphan keeps the data directory locked.
'use strict';
// Before dynalite: its Scan and Query pages must close the LevelDB iterators they read with.
require('./close-level-iterators.cjs');
const dynalite = require('dynalite');

const path = process.env.DYNALITE_PATH || undefined;
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

// The port asked for (the one it had last time) when it is free, else any free port.
const preferred = Number(process.env.DYNALITE_PORT) || 0;
let port = preferred;
server.on('listening', () => {
  process.send({ type: 'listening', port: server.address().port });
});
server.on('error', (err) => {
  if (port !== 0 && !server.listening) {
    port = 0;
    server.listen(0, '127.0.0.1');
    return;
  }
  process.send({ type: 'error', message: String(err && err.message ? err.message : err) });
  process.exit(1);
});
server.listen(port, '127.0.0.1');

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
// A Scan still iterating when the store closes throws inside dynalite: harmless while stopping.
process.on('uncaughtException', (err) => {
  if (stopping) process.exit(0);
  console.error(`dynalite: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Ctrl-C reaches the whole process group: the parent decides when to stop us (after its own
// statements are cancelled), through SIGTERM or by closing the IPC channel.
process.on('SIGINT', () => undefined);

// Runs dynalite in its own process so its LevelDB work never blocks the API's event loop.
// Started by startDynalite.ts with an IPC channel: it reports the port it got, and exits when the
// parent goes away (the channel closes), so no orphan keeps the data directory locked.
'use strict';
const dynalite = require('dynalite');

const path = process.env.DYNALITE_PATH || undefined;
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'listening', port: server.address().port });
});
server.on('error', (err) => {
  process.send({ type: 'error', message: String(err && err.message ? err.message : err) });
  process.exit(1);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

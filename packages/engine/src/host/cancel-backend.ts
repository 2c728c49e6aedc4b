import { connect } from 'node:net';
import { serialize } from 'pg-protocol';

/** Where a backend's server listens and the key it gave at start-up (BackendKeyData). */
export interface BackendKey {
  /** A host name or address, or a directory holding the server's Unix socket (starting with '/'). */
  readonly host: string;
  readonly port: number;
  readonly processId: number;
  readonly secretKey: number;
}

/**
 * Asks a PostgreSQL server to cancel what one of its backends is running, as psql's Ctrl+C does: a
 * CancelRequest on a connection of its own, which the server closes once it has signalled the
 * backend. The statement running then fails with `57014 canceling statement due to user request`; a
 * backend that is idle ignores it. Resolves when the server has closed the connection (or it failed:
 * a cancel is best-effort, as in every client).
 *   cancelBackend({ host: '127.0.0.1', port: 5432, processId: 4711, secretKey: 99 })
 *   → 16 bytes sent: [16, 80877102, 4711, 99]
 */
export function cancelBackend(key: BackendKey, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const socket = key.host.startsWith('/')
      ? connect(`${key.host}/.s.PGSQL.${String(key.port)}`)
      : connect(key.port, key.host);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(timeoutMs, done);
    socket.once('error', done);
    socket.once('close', done);
    socket.once('connect', () => socket.end(serialize.cancel(key.processId, key.secretKey)));
  });
}

import type { Duplex } from 'node:stream';

/**
 * Ends the server's side of a connection, `last` written first, and closes the socket once it has
 * gone. The server's sockets are half-open (a client's FIN leaves them open to answer it); one the
 * server is done with reads nothing more, so a client that keeps its side open, or sends after
 * Terminate, holds no session — as Postgres's backend exits.
 */
export function hangUp(socket: Duplex, last?: Uint8Array): void {
  const close = () => socket.destroy();
  if (last) socket.end(last, close);
  else socket.end(close);
}

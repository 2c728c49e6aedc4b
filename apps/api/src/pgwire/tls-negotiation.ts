import { once } from 'node:events';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { readBytes } from './socket-read';

/** SSLRequest's and GSSENCRequest's request codes (1234 << 16 | 5679, | 5680). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Answers a client's SSLRequest before the protocol starts: with a certificate, 'S' and TLS on the
 * same socket; without, 'N' (the client goes on in plain text, or gives up when it requires TLS).
 * A GSSENCRequest is declined the same way. Anything else is left for the start-up (protocol-negotiation.ts).
 *   client: SSLRequest → server: 'S', TLS handshake → StartupMessage over TLS
 */
export async function negotiateTls(
  socket: Socket,
  tls: SecureContext | null,
): Promise<Socket | TLSSocket | null> {
  for (;;) {
    const bytes = await readBytes(socket, 8);
    if (!bytes) return null;
    const code = bytes.readInt32BE(4);
    if (bytes.readInt32BE(0) !== 8 || (code !== SSL_REQUEST && code !== GSSENC_REQUEST)) {
      socket.unshift(bytes);
      return socket;
    }
    if (code === SSL_REQUEST && tls) {
      socket.write('S');
      const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
      // A client that ends its side (or goes) during the handshake: no 'secure' comes, and no error.
      const secured = await Promise.race([
        once(secure, 'secure').then(() => true),
        once(secure, 'end').then(() => false),
        once(secure, 'close').then(() => false),
      ]);
      if (secured) return secure;
      secure.destroy();
      return null;
    }
    socket.write('N');
  }
}

import { once } from 'node:events';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { errorResponse } from './backend-messages';
import { hangUp } from './hang-up';
import { readBytes } from './socket-read';

/** SSLRequest's and GSSENCRequest's request codes (1234 << 16 | 5679, | 5680). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Postgres's FATAL for bytes a client sent behind its SSLRequest or GSSENCRequest, before the answer:
 * they were not encrypted, and a man in the middle may have put them there (CVE-2021-23214).
 */
function unencryptedData(request: 'SSL' | 'GSSAPI encryption'): Buffer {
  return errorResponse(
    {
      code: '08P01',
      message: `received unencrypted data after ${request} request`,
      detail:
        'This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
    },
    'FATAL',
  );
}

/**
 * Answers a client's SSLRequest before the protocol starts: with a certificate, 'S' and TLS on the
 * same socket; without, 'N' (the client goes on in plain text, or gives up when it requires TLS).
 * A GSSENCRequest is declined the same way. Anything else, a repeated request included, is left for
 * the start-up (protocol-negotiation.ts).
 * Null when the connection is over (closed here): the client went, or sent more behind its request
 * before the answer, which Postgres refuses with a FATAL 08P01 — over TLS after the handshake when
 * it answered 'S'.
 *   client: SSLRequest → server: 'S', TLS handshake → StartupMessage over TLS
 *   client: SSLRequest + StartupMessage → server: 'S', TLS handshake, FATAL 08P01 (closed)
 */
export async function negotiateTls(
  socket: Socket,
  tls: SecureContext | null,
): Promise<Socket | TLSSocket | null> {
  // Each is answered once (either first); a repeat is a StartupMessage of protocol 1234.5679 (or
  // .5680) to Postgres, which protocol-negotiation.ts refuses as it does.
  const answered = new Set<number>();
  for (;;) {
    const bytes = await readBytes(socket, 8);
    if (!bytes) {
      hangUp(socket);
      return null;
    }
    const code = bytes.readInt32BE(4);
    if (
      bytes.readInt32BE(0) !== 8 ||
      (code !== SSL_REQUEST && code !== GSSENC_REQUEST) ||
      answered.has(code)
    ) {
      socket.unshift(bytes);
      return socket;
    }
    answered.add(code);
    // Read with the request, so sent before the answer (readBytes put them back).
    const unencrypted = socket.readableLength > 0 ? socket.read() : null;
    if (code === SSL_REQUEST && tls) {
      socket.write('S');
      const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
      // A client that ends its side (or goes) during the handshake: no 'secure' comes, and no error.
      const secured = await Promise.race([
        once(secure, 'secure').then(() => true),
        once(secure, 'end').then(() => false),
        once(secure, 'close').then(() => false),
      ]);
      if (!secured) {
        secure.destroy();
        return null;
      }
      if (!unencrypted) return secure;
      hangUp(secure, unencryptedData('SSL'));
      return null;
    }
    socket.write('N');
    if (unencrypted) {
      hangUp(socket, unencryptedData(code === SSL_REQUEST ? 'SSL' : 'GSSAPI encryption'));
      return null;
    }
  }
}

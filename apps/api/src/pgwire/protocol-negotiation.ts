import type { Duplex } from 'node:stream';
import { errorResponse, negotiateProtocolVersion } from './backend-messages';
import { CANCEL_REQUEST_CODE } from './cancel-request';
import { hangUp } from './hang-up';
import { readBytes } from './socket-read';
import type { StartupParameters } from './startup-settings';

/**
 * The newest minor version of protocol 3 the server speaks: 3.2, Postgres 18's, whose only change
 * is a longer cancel key (BackendKeyData and CancelRequest carry 32 bytes of it instead of 4).
 */
export const NEWEST_MINOR = 2;

/** Postgres's limit on a start-up packet's length (past its length word). */
const MAX_STARTUP_PACKET_LENGTH = 10_000;
const PQ_OPTION = '_pq_.';

/**
 * Reads the client's StartupMessage (past TLS negotiation) and answers the protocol version as
 * Postgres 18 does, for pg-gateway, which reads protocol 3.0 only:
 * - 3.x: goes on. A newer minor version than 3.2 or `_pq_.` options (protocol extensions, none
 *   known here) get NegotiateProtocolVersion first (3.2 and the options' names); the message is
 *   handed on as 3.0 without the options. Returns the minor version the connection speaks, and the
 *   parameters as they came (bytes: read in their client_encoding once authenticated, startup-settings.ts).
 * - another major version: FATAL 0A000 and the connection closes (null). A client older than 3.0
 *   gets it in protocol 2's form, the one it reads, as Postgres sends it.
 * - a CancelRequest is handed on as it is.
 *   3.2, user=me → (nothing yet) → { minor: 2, parameters: [[user, me]] };  3.5 → NegotiateProtocolVersion(2, []) → { minor: 2, ... }
 *   2.0 → 'E' "FATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.2\n" (closed)
 */
export async function negotiateProtocol(
  socket: Duplex,
): Promise<{ minor: number; parameters: StartupParameters } | null> {
  const head = await readBytes(socket, 4);
  if (!head) return null;
  const length = head.readInt32BE(0);
  if (length < 8 || length - 4 > MAX_STARTUP_PACKET_LENGTH) {
    // Postgres logs an invalid length and drops the connection without an answer.
    socket.destroy();
    return null;
  }
  const body = await readBytes(socket, length - 4);
  if (!body) return null;
  const packet = Buffer.concat([head, body]);
  const major = packet.readUInt16BE(4);
  const minor = packet.readUInt16BE(6);
  const refuse = (bytes: Buffer): null => {
    hangUp(socket, bytes);
    return null;
  };
  if (packet.readInt32BE(4) === CANCEL_REQUEST_CODE) {
    socket.unshift(packet);
    return { minor: 0, parameters: [] };
  }
  if (major !== 3) {
    const message = `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.${NEWEST_MINOR}`;
    return refuse(
      major < 3 && (major || minor)
        ? protocol2Error(message)
        : errorResponse({ code: '0A000', message }, 'FATAL'),
    );
  }
  const parameters = startupParameters(packet);
  if (!parameters)
    return refuse(
      errorResponse(
        { code: '08P01', message: 'invalid startup packet layout: expected terminator as last byte' },
        'FATAL',
      ),
    );
  const isOption = ([name]: readonly [Buffer, Buffer]) => name.toString('latin1').startsWith(PQ_OPTION);
  const options = parameters.filter(isOption).map(([name]) => name.toString('utf8'));
  if (minor > NEWEST_MINOR || options.length) socket.write(negotiateProtocolVersion(NEWEST_MINOR, options));
  const kept = parameters.filter((p) => !isOption(p));
  if (!kept.some(([name, value]) => name.toString('latin1') === 'user' && value.length))
    return refuse(
      errorResponse(
        { code: '28000', message: 'no PostgreSQL user name specified in startup packet' },
        'FATAL',
      ),
    );
  socket.unshift(startupMessage(kept));
  return { minor: Math.min(minor, NEWEST_MINOR), parameters: kept };
}

/**
 * The name/value pairs of a StartupMessage, as Postgres reads them, their bytes as they came (read in
 * its client_encoding after authentication: startup-settings.ts); null when it does not end where
 * its length says.
 */
function startupParameters(packet: Buffer): [Buffer, Buffer][] | null {
  const pairs: [Buffer, Buffer][] = [];
  const cstring = (from: number) => {
    const end = packet.indexOf(0, from);
    return end < 0 ? packet.length : end;
  };
  let offset = 8;
  while (offset < packet.length && packet[offset] !== 0) {
    const nameEnd = cstring(offset);
    if (nameEnd + 1 >= packet.length) break;
    const valueEnd = cstring(nameEnd + 1);
    pairs.push([
      Buffer.from(packet.subarray(offset, nameEnd)),
      Buffer.from(packet.subarray(nameEnd + 1, valueEnd)),
    ]);
    offset = valueEnd + 1;
  }
  return offset === packet.length - 1 ? pairs : null;
}

/** A protocol 3.0 StartupMessage of these parameters. */
function startupMessage(parameters: StartupParameters): Buffer {
  const body = Buffer.concat([
    ...parameters.flatMap(([name, value]) => [name, Buffer.from([0]), value, Buffer.from([0])]),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(3 << 16, 4);
  return Buffer.concat([head, body]);
}

/** An error as protocol 2 sends it: 'E', then the text, no length and no fields. */
function protocol2Error(message: string): Buffer {
  return Buffer.from(`EFATAL:  ${message}\n\0`);
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext } from 'node:tls';
import { createScramSha256Data, PostgresConnection, verifyScramSha256Password } from 'pg-gateway';
import { backendKeyData, errorResponse, parameterStatus } from './backend-messages';
import { readCancelRequest } from './cancel-request';
import { readFrontendMessage } from './frontend-messages';
import { PgConnection } from './pg-connection';
import type { WireEngine } from './wire-engine';
import { serverParameters } from './server-parameters';
import { hangUp } from './hang-up';
import { negotiateTls } from './tls-negotiation';
import { negotiateProtocol } from './protocol-negotiation';
import { readStartupParameters, startupSettings, type StartupParameters } from './startup-settings';
import { inClientEncoding } from './client-encoding-messages';
import { thrownError } from './error-fields';

/**
 * As Postgres's authentication_timeout: a client has this long from connecting to being
 * authenticated (one that sends part of a start-up packet and waits holds nothing for longer).
 */
const STARTUP_TIMEOUT_MS = 60_000;

export interface PgServerOptions {
  readonly engine: WireEngine;
  /** The API token: the password of every user (SCRAM-SHA-256). */
  readonly token: string;
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** A certificate and key (PEM): clients that ask for TLS get it; none: they are answered in plain text. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | null;
  /** How long a client has from connecting to being authenticated (STARTUP_TIMEOUT_MS by default). */
  readonly startupTimeoutMs?: number;
}

export interface PgServer {
  readonly port: number;
  /** Stops listening and closes every connection (their sessions roll back). */
  close(): Promise<void>;
}

/**
 * The Postgres wire protocol (v3) server: TLS and the protocol version are negotiated first
 * (tls-negotiation.ts, protocol-negotiation.ts: 3.0 and 3.2), then pg-gateway does the rest of the
 * start-up, SCRAM-SHA-256 with the API token and the message framing; each connection then is a
 * PgConnection with its own engine session.
 *   psql "postgres://dynascope@127.0.0.1:5481/dynascope"  (password: the token)
 */
export async function startPgServer(options: PgServerOptions): Promise<PgServer> {
  const scram = await createScramSha256Data(options.token);
  const parameters = await serverParameters(options.engine);
  const connections = new Map<
    number,
    { connection: PgConnection | null; secretKey: Buffer; socket: Socket }
  >();
  let nextProcessId = 1000;

  const tls = options.tls ? createSecureContext({ cert: options.tls.cert, key: options.tls.key }) : null;

  const serve = (raw: Socket) => {
    raw.setNoDelay(true);
    raw.on('error', () => undefined);
    const startup = setTimeout(() => raw.destroy(), options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS);
    startup.unref();
    raw.once('close', () => clearTimeout(startup));
    negotiateTls(raw, tls)
      .then(async (socket) => {
        if (!socket) return;
        socket.on('error', () => undefined);
        const protocol = await negotiateProtocol(socket);
        if (protocol) start(raw, socket, protocol, () => clearTimeout(startup));
        else hangUp(socket);
      })
      .catch(() => raw.destroy());
  };

  /**
   * One connection, past TLS negotiation: `socket` is the raw socket or the TLS one over it, speaking
   * protocol 3.`minor` (3.2's cancel key is 32 bytes, 3.0's 4) with the StartupMessage's `parameters`;
   * `authenticated` stops the start-up's clock.
   */
  const start = (
    raw: Socket,
    socket: Duplex,
    { minor, parameters: sent }: { minor: number; parameters: StartupParameters },
    authenticated: () => void,
  ) => {
    const processId = nextProcessId++;
    const entry = {
      connection: null as PgConnection | null,
      secretKey: randomBytes(minor >= 2 ? 32 : 4),
      socket: raw,
    };
    connections.set(processId, entry);
    let user = '';
    let authFailed = false;
    const send = (bytes: Uint8Array) =>
      new Promise<void>((resolve, reject) => {
        // pg-gateway's empty writes (a message handled) need no socket write.
        if (socket.destroyed || socket.writableEnded || bytes.length === 0) return resolve();
        socket.write(
          // pg-gateway answers a failed SCRAM exchange with 28000; Postgres (and clients' checks) say 28P01.
          authFailed && bytes[0] === 0x45
            ? errorResponse(
                { code: '28P01', message: `password authentication failed for user "${user}"` },
                'FATAL',
              )
            : bytes,
          (err) => (err ? reject(err) : resolve()),
        );
      });
    raw.once('close', () => {
      connections.delete(processId);
      void entry.connection
        ?.close()
        .catch((e: unknown) => console.error(`pgwire: closing a session failed: ${String(e)}`));
    });
    // pg-gateway reads the next chunk once it has handed on the messages of the last: at the end of
    // what the client sent (it ended its side, FIN), what it sent is answered before the server ends
    // its own side, as Postgres runs what it has read before it sees the end. (Readable.toWeb of a
    // half-open socket would not end till the server's side has; the iterator ends at the FIN.)
    const chunks = socket.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
    const readable = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const next = await chunks.next().catch(() => ({ done: true as const, value: undefined }));
          // pg-gateway reads a chunk's ArrayBuffer from its start: one that is a part of a larger one is copied.
          const chunk = next.value;
          if (!next.done)
            return controller.enqueue(
              chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.length
                ? chunk
                : new Uint8Array(chunk),
            );
          controller.close();
          await entry.connection?.idle();
          hangUp(socket);
        },
        cancel: () => void socket.destroy(),
      },
      { highWaterMark: 0 },
    );
    const writable = new WritableStream<Uint8Array>({
      write: send,
      close: () => hangUp(socket),
      abort: () => void socket.destroy(),
    });
    new PostgresConnection(
      { readable, writable },
      {
        auth: {
          method: 'scram-sha-256',
          getScramSha256Data: () => scram,
          validateCredentials: async ({ authMessage, clientProof, username }) => {
            user = username;
            const ok = await verifyScramSha256Password({
              authMessage,
              clientProof,
              storedKey: scram.storedKey,
            });
            authFailed = !ok;
            return ok;
          },
        },
        async onAuthenticated() {
          authenticated();
          // Read in the client_encoding they name; one the wire cannot read them in ends the connection.
          let startup: ReturnType<typeof readStartupParameters>;
          try {
            startup = readStartupParameters(sent);
          } catch (e) {
            await send(errorResponse(thrownError(e), 'FATAL'));
            hangUp(socket);
            return;
          }
          const { params, encoding } = startup;
          // What goes to the client now is written in its encoding (after this, the connection's push does it).
          const sendText = (bytes: Buffer) => send(inClientEncoding(bytes, encoding));
          // Its answers to a client that is gone (reset) fail: the connection runs nothing it had queued.
          // A client that only ended its side (FIN) still has what it sent run, as Postgres runs it.
          const answer = (bytes: Uint8Array) =>
            socket.destroyed ? Promise.reject(new Error('the client closed the connection')) : send(bytes);
          const connection = new PgConnection(options.engine, answer, processId, {
            ...parameters,
            session_authorization: params.user ?? '',
          });
          entry.connection = connection;
          const started = await connection.begin(startupSettings(params));
          if ('error' in started) {
            // As Postgres does with a bad start-up setting: FATAL, and the connection ends.
            await sendText(errorResponse(started.error, 'FATAL'));
            // The TLS socket over the raw one, if any: ended, it takes no more of pg-gateway's writes.
            hangUp(socket);
            return;
          }
          for (const [name, value] of Object.entries(started.reported))
            await sendText(parameterStatus(name, value));
          await send(backendKeyData(processId, entry.secretKey));
        },
        onMessage(data, state) {
          if (!state.isAuthenticated) {
            const cancel = readCancelRequest(data);
            if (!cancel) return undefined;
            const target = connections.get(cancel.processId);
            const key = target?.secretKey;
            if (key?.length === cancel.secretKey.length && timingSafeEqual(key, cancel.secretKey))
              target?.connection?.cancel();
            hangUp(socket);
            // Marks the message handled (an empty write): a CancelRequest gets no answer.
            return [new Uint8Array(0)];
          }
          const message = readFrontendMessage(data);
          const connection = entry.connection;
          if (!connection) return undefined;
          // Terminate: pg-gateway closes the connection once what came before it is served.
          if (message.type === 'Terminate')
            return (async function* () {
              await connection.idle();
              // Nothing yielded: pg-gateway then handles Terminate itself.
              yield* [];
            })();
          // Queued, so the connection sees what follows (a Sync after an Execute) before serving it.
          return (async function* () {
            await connection.receive(message);
            yield new Uint8Array(0);
          })();
        },
      },
    );
  };

  const server = createServer({ allowHalfOpen: true }, serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Their sessions are rolled back and closed before this resolves (the engine may close next).
      const open = [...connections.values()];
      for (const { socket } of open) socket.destroy();
      await Promise.all(open.map((e) => e.connection?.close().catch(() => undefined)));
      await closed;
    },
  };
}

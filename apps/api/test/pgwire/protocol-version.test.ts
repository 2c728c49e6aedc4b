import { createConnection, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPgServer } from '../../src/pgwire/pg-server';
import { TEST_TOKEN } from '../support/demo-fixture';
import { startPgFixture, type PgFixture } from './pg-fixture';
import { startupPacket } from './startup-packet';

/**
 * The protocol version a StartupMessage asks for, answered as Postgres 18 answers it: 3.2 (libpq 18's
 * `max_protocol_version=latest`) with its 32-byte cancel key; a newer 3.x or `_pq_.` options with
 * NegotiateProtocolVersion; 2.0 and other major versions with a FATAL error and a clean close.
 * node-postgres asks for 3.0: a relay in front of the server rewrites its StartupMessage.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(2_000);
});
afterAll(async () => {
  await fx?.close();
});

const CANCEL_REQUEST_CODE = 80877102;

/** The parameters of a StartupMessage. */
function startupParameters(packet: Buffer): Record<string, string> {
  const words = packet.subarray(8, -2).toString().split('\0');
  return Object.fromEntries(words.flatMap((w, i) => (i % 2 ? [] : [[w, words[i + 1] ?? '']])));
}

/** The backend messages in `bytes` (type, body), as far as they are complete. */
function messages(bytes: Buffer): { type: string; body: Buffer }[] {
  const out: { type: string; body: Buffer }[] = [];
  for (let at = 0; at + 5 <= bytes.length;) {
    const end = at + 1 + bytes.readInt32BE(at + 1);
    if (end > bytes.length) break;
    out.push({ type: String.fromCharCode(bytes[at]!), body: bytes.subarray(at + 5, end) });
    at = end;
  }
  return out;
}

/** NegotiateProtocolVersion's body: the newest minor version and the options the server does not know. */
function negotiated(body: Buffer): { minor: number; options: string[] } {
  const options = body.subarray(8).toString().split('\0').slice(0, body.readInt32BE(4));
  return { minor: body.readInt32BE(0), options };
}

/** Sends `packet` on a new connection; what the server answered until it closed or `until` held. */
function answer(
  packet: Buffer,
  until: (bytes: Buffer) => boolean = () => false,
): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    let bytes = Buffer.alloc(0);
    const socket = createConnection(fx.server.port, '127.0.0.1', () => socket.write(packet));
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes, closed });
    };
    const timer = setTimeout(() => done(false), 5_000);
    socket.on('data', (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      if (until(bytes)) done(false);
    });
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
  });
}

/**
 * A relay in front of the server that rewrites a client's StartupMessage (`startup`) and keeps what
 * the server sends; `hideNegotiation` drops a NegotiateProtocolVersion, which node-postgres does not read.
 */
async function relay(startup: (packet: Buffer) => Buffer, hideNegotiation = false) {
  const received: Buffer[] = [];
  const server: Server = createServer((client: Socket) => {
    const upstream = createConnection(fx.server.port, '127.0.0.1');
    let fromClient = Buffer.alloc(0);
    const firstPacket = (chunk: Buffer) => {
      fromClient = Buffer.concat([fromClient, chunk]);
      if (fromClient.length < 4 || fromClient.length < fromClient.readInt32BE(0)) return;
      client.off('data', firstPacket);
      const length = fromClient.readInt32BE(0);
      upstream.write(Buffer.concat([startup(fromClient.subarray(0, length)), fromClient.subarray(length)]));
      client.pipe(upstream);
    };
    client.on('data', firstPacket);
    let fromServer = Buffer.alloc(0);
    let first = true;
    upstream.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (!first) return void client.write(chunk);
      fromServer = Buffer.concat([fromServer, chunk]);
      if (fromServer.length < 5 || fromServer.length < 1 + fromServer.readInt32BE(1)) return;
      first = false;
      const skip = hideNegotiation && fromServer[0] === 0x76 ? 1 + fromServer.readInt32BE(1) : 0;
      client.write(fromServer.subarray(skip));
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received: () => messages(Buffer.concat(received)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends a CancelRequest for `processId` with `key`; resolves once the server closed it. */
function cancelRequest(processId: number, key: Buffer): Promise<void> {
  const packet = Buffer.alloc(12);
  packet.writeInt32BE(12 + key.length, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processId, 8);
  return new Promise((resolve) => {
    const socket = createConnection(fx.server.port, '127.0.0.1', () =>
      socket.write(Buffer.concat([packet, key])),
    );
    socket.on('close', () => resolve());
    socket.on('error', () => undefined);
  });
}

const user = { user: 'dynascope', database: 'dynascope' };

describe('protocol 3.2 (Postgres 18)', () => {
  it('is spoken as asked: no negotiation, a 32-byte cancel key, and a CancelRequest needs all of it', async () => {
    const tap = await relay((packet) => {
      const asked = Buffer.from(packet);
      asked.writeUInt16BE(2, 6);
      return asked;
    });
    const client = new pg.Client({ ...fx.connection, port: tap.port });
    try {
      await client.connect();
      const answered = tap.received();
      expect(answered.map((m) => m.type)).not.toContain('v');
      const keyData = answered.find((m) => m.type === 'K')!;
      expect(keyData.body.length).toBe(4 + 32);
      const processId = keyData.body.readInt32BE(0);
      const key = keyData.body.subarray(4);
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);

      // A paced Scan of events runs for seconds: a cancel with 3.0's 4 bytes of the key does nothing.
      await client.query('set dynascope.max_rcu_per_second = 1');
      let settled = false;
      const running = client
        .query('select count(*) from events')
        .catch((e: { code?: string }) => e)
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      await cancelRequest(processId, key.subarray(0, 4));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      await cancelRequest(processId, key);
      expect(await running).toMatchObject({
        code: '57014',
        message: 'canceling statement due to user request',
      });
      expect((await client.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await client.end().catch(() => undefined);
      await tap.close();
    }
  });
});

describe('NegotiateProtocolVersion', () => {
  it('answers a newer 3.x with 3.2 first, then goes on (the authentication request follows)', async () => {
    const { bytes } = await answer(startupPacket(3, 7, user), (b) => messages(b).length >= 2);
    const [first, second] = messages(bytes);
    expect(first!.type).toBe('v');
    expect(negotiated(first!.body)).toEqual({ minor: 2, options: [] });
    expect(second!.type).toBe('R');
  });

  it('names the `_pq_.` options it does not know, and does not take them for settings', async () => {
    const { bytes } = await answer(
      startupPacket(3, 0, { ...user, '_pq_.foo': 'bar', '_pq_.baz': '1' }),
      (b) => messages(b).length >= 2,
    );
    const [first, second] = messages(bytes);
    expect(first!.type).toBe('v');
    expect(negotiated(first!.body)).toEqual({ minor: 2, options: ['_pq_.foo', '_pq_.baz'] });
    expect(second!.type).toBe('R');

    const tap = await relay((packet) => {
      const parameters = { ...startupParameters(packet), '_pq_.foo': 'bar' };
      return startupPacket(3, 0, parameters);
    }, true);
    const client = new pg.Client({ ...fx.connection, port: tap.port });
    try {
      await client.connect();
      const setting = await client.query("select current_setting('_pq_.foo', true) as v");
      expect(setting.rows).toEqual([{ v: null }]);
      expect(negotiated(tap.received()[0]!.body)).toEqual({ minor: 2, options: ['_pq_.foo'] });
    } finally {
      await client.end().catch(() => undefined);
      await tap.close();
    }
  });
});

describe('a request for encryption, declined (no certificate)', () => {
  /** An SSLRequest or GSSENCRequest. */
  const encryptionRequest = (code: number) => {
    const packet = Buffer.alloc(8);
    packet.writeInt32BE(8, 0);
    packet.writeInt32BE(code, 4);
    return packet;
  };

  it("refuses a StartupMessage sent behind it, before the 'N': Postgres's FATAL 08P01, and closes", async () => {
    // As PostgreSQL 15 answers (checked by hand; tls.test.ts compares the TLS case with one): the
    // bytes may be a man in the middle's (CVE-2021-23214), and are not read as the client's.
    for (const [code, request] of [
      [80877103, 'SSL'],
      [80877104, 'GSSAPI encryption'],
    ] as const) {
      const { bytes, closed } = await answer(
        Buffer.concat([encryptionRequest(code), startupPacket(3, 0, user)]),
      );
      expect(closed).toBe(true);
      expect(bytes.subarray(0, 1).toString()).toBe('N');
      const [error, ...rest] = messages(bytes.subarray(1));
      expect(rest).toEqual([]);
      expect(error!.type).toBe('E');
      expect(error!.body.toString().split('\0')).toEqual(
        expect.arrayContaining([
          'SFATAL',
          'C08P01',
          `Mreceived unencrypted data after ${request} request`,
          'DThis could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
        ]),
      );
    }
  });

  it('answers each request once, as Postgres does: SSL and GSSAPI in either order, a repeat refused', async () => {
    // Postgres takes a repeated request for a StartupMessage of protocol 1234.5679 (checked by hand
    // with PostgreSQL 15: 'N', then FATAL 0A000 "unsupported frontend protocol 1234.5679: ...").
    const exchange = async (codes: readonly number[]) => {
      const socket = createConnection(fx.server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      const gone = new Promise<true>((resolve) => socket.once('close', () => resolve(true)));
      await new Promise((resolve) => socket.once('connect', resolve));
      let bytes = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => (bytes = Buffer.concat([bytes, chunk])));
      for (const code of codes) {
        const before = bytes.length;
        socket.write(encryptionRequest(code));
        while (bytes.length === before && !socket.destroyed)
          await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const closed = await Promise.race([
        gone,
        new Promise<false>((resolve) => setTimeout(resolve, 1_000, false)),
      ]);
      socket.destroy();
      return { bytes, closed };
    };
    const ssl = 80877103;
    const gss = 80877104;
    for (const codes of [
      [ssl, ssl],
      [gss, gss],
      [gss, ssl, gss],
      [ssl, gss, ssl],
    ]) {
      const { bytes, closed } = await exchange(codes);
      const answers = codes.length - 1;
      expect({ codes, answers: bytes.subarray(0, answers).toString(), closed }).toEqual({
        codes,
        answers: 'N'.repeat(answers),
        closed: true,
      });
      const [error, ...rest] = messages(bytes.subarray(answers));
      expect(rest).toEqual([]);
      expect(error!.body.toString().split('\0')).toEqual(
        expect.arrayContaining([
          'SFATAL',
          'C0A000',
          `Munsupported frontend protocol 1234.${codes.at(-1) === ssl ? 5679 : 5680}: server supports 3.0 to 3.2`,
        ]),
      );
    }
    // Each once, in either order, then the start-up.
    const { bytes, closed } = await exchange([gss, ssl]);
    expect({ answers: bytes.toString(), closed }).toEqual({ answers: 'NN', closed: false });
  });

  it('goes on to the start-up when the client waits for the answer', async () => {
    const socket = createConnection(fx.server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(encryptionRequest(80877103));
    expect((await new Promise<Buffer>((resolve) => socket.once('data', resolve))).toString()).toBe('N');
    socket.write(startupPacket(3, 0, user));
    // SCRAM-SHA-256 asked for: AuthenticationSASL.
    const next = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    socket.destroy();
    expect(next[0]).toBe(0x52);
    expect(next.readInt32BE(5)).toBe(10);
  });
});

describe('another major version', () => {
  it("2.0 gets Postgres's FATAL in protocol 2's form, 4.0 a FATAL 0A000; each closes, nothing in the log", async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      const old = await answer(startupPacket(2, 0, user));
      expect(old.closed).toBe(true);
      expect(old.bytes.toString()).toBe(
        'EFATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.2\n\0',
      );

      const future = await answer(startupPacket(4, 0, user));
      expect(future.closed).toBe(true);
      const [error, ...rest] = messages(future.bytes);
      expect(rest).toEqual([]);
      expect(error!.type).toBe('E');
      const fields = error!.body.toString().split('\0');
      expect(fields).toEqual(
        expect.arrayContaining([
          'SFATAL',
          'C0A000',
          'Munsupported frontend protocol 4.0: server supports 3.0 to 3.2',
        ]),
      );
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
    // The server goes on serving.
    const client = new pg.Client(fx.connection);
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });

  it('a StartupMessage without a user gets the FATAL 28000 Postgres sends', async () => {
    const { bytes, closed } = await answer(startupPacket(3, 0, { database: 'dynascope' }));
    expect(closed).toBe(true);
    const fields = messages(bytes)[0]!.body.toString().split('\0');
    expect(fields).toEqual(
      expect.arrayContaining(['SFATAL', 'C28000', 'Mno PostgreSQL user name specified in startup packet']),
    );
  });

  it('a client that sends part of a start-up packet holds nothing: others are served, its FIN closes it', async () => {
    const partial = createConnection(fx.server.port, '127.0.0.1');
    partial.on('error', () => undefined);
    await new Promise((resolve) => partial.once('connect', resolve));
    const closed = new Promise((resolve) => partial.once('close', resolve));
    // The length of a packet, and part of its body.
    partial.write(Buffer.from([0, 0, 0, 8]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    partial.write(Buffer.from([0, 3]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const client = new pg.Client(fx.connection);
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.end();
    partial.end();
    await closed;
    expect(partial.destroyed).toBe(true);
  });

  it('closes a connection not authenticated in time, as authentication_timeout does; one that is stays', async () => {
    const server = await startPgServer({
      engine: fx.demo.engine,
      token: TEST_TOKEN,
      host: '127.0.0.1',
      port: 0,
      startupTimeoutMs: 300,
    });
    try {
      const slow = createConnection(server.port, '127.0.0.1');
      slow.on('error', () => undefined);
      const closed = new Promise((resolve) => slow.once('close', resolve));
      slow.write(Buffer.from([0, 0, 0, 8]));
      const client = new pg.Client({ ...fx.connection, port: server.port });
      await client.connect();
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await server.close();
    }
  });
});

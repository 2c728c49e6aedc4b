import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../../packages/engine/test/support/postgres-cluster';
import { psql, startPgFixture, type PgFixture } from './pg-fixture';
import { startupPacket } from './startup-packet';

// TLS when the user supplies a certificate: a self-signed one made with openssl for the test.
let fx: PgFixture;
/** A real PostgreSQL server with the same certificate, to compare with. */
let reference: PostgresCluster;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dynascope-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const pems = { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  // Both started, kept for afterAll whichever of them fails.
  const [ours, theirs] = await Promise.allSettled([startPgFixture(10, pems), startPostgresCluster(pems)]);
  if (ours.status === 'fulfilled') fx = ours.value;
  if (theirs.status === 'fulfilled') reference = theirs.value;
  for (const started of [ours, theirs]) if (started.status === 'rejected') throw started.reason;
});
afterAll(async () => {
  await fx?.close();
  reference?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('TLS', () => {
  it('answers an SSLRequest with TLS when it has a certificate', async () => {
    const r = await psql(
      fx,
      ['-At', '-c', 'select user_id from users where user_id = $$u0001$$', '-c', '\\conninfo'],
      {
        sslmode: 'require',
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^u0001\nYou are connected to database "dynascope" as user "dynascope" on host "127\.0\.0\.1" at port "\d+"\.\nSSL connection \(protocol: TLSv1\.[23]/,
    );
  });

  it('still serves clients that do not ask for it', async () => {
    const r = await psql(fx, ['-At', '-c', 'select 1', '-c', '\\conninfo'], { sslmode: 'disable' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1\nYou are connected/);
    expect(r.stdout).not.toContain('SSL connection');
  });

  it('closes a connection whose client ends its side during the handshake', async () => {
    const socket = createConnection(fx.server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    socket.write(request);
    const answer = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(answer.toString()).toBe('S');
    socket.end();
    await closed;
    expect(socket.destroyed).toBe(true);
  });

  it('ends a connection refused at start-up over TLS cleanly, logging nothing', async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      const r = await psql(fx, ['-At', '-c', 'select 1'], {
        sslmode: 'require',
        env: { PGOPTIONS: '-c no_such_setting=1' },
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('unrecognized configuration parameter "no_such_setting"');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses plain text a client sent after its SSLRequest, as Postgres does (a man in the middle may have put it there)', async () => {
    // What a man in the middle would inject: a StartupMessage right behind the SSLRequest, before
    // the server's 'S' (CVE-2021-23214). Postgres answers 'S', completes the handshake and then
    // refuses the connection over TLS; the bytes are never read as the client's.
    const injected = startupPacket(3, 0, { user: 'postgres', database: 'postgres' });
    const theirs = await afterSslRequest(new URL(reference.url()).port, injected);
    const ours = await afterSslRequest(fx.server.port, injected);
    expect(theirs.answer).toBe('S');
    expect(theirs.fatal).toEqual({
      S: 'FATAL',
      V: 'FATAL',
      C: '08P01',
      M: 'received unencrypted data after SSL request',
      D: 'This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
    });
    expect(theirs.closed).toBe(true);
    expect(ours).toEqual(theirs);
  });
});

/**
 * Sends an SSLRequest with `extra` behind it in one write; after the server's answer ('S': the TLS
 * handshake), reads until it closes: its answer, the fields of the FATAL it sent (without the source
 * file, line and routine Postgres adds), and whether it closed.
 */
async function afterSslRequest(
  port: number | string,
  extra: Buffer,
): Promise<{ answer: string; fatal: Record<string, string> | null; closed: boolean }> {
  const socket = createConnection(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(80877103, 4);
  socket.write(Buffer.concat([request, extra]));
  const answer = (await new Promise<Buffer>((resolve) => socket.once('data', resolve))).toString();
  let stream: Socket = socket;
  if (answer === 'S') {
    stream = tlsConnect({ socket, rejectUnauthorized: false });
    stream.on('error', () => undefined);
    const secured = await Promise.race([
      once(stream, 'secureConnect').then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => stream.once('close', () => resolve(false))),
    ]);
    if (!secured) return { answer, fatal: null, closed: true };
  }
  let bytes = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => (bytes = Buffer.concat([bytes, chunk])));
  const closed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5_000);
    stream.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  stream.destroy();
  if (bytes[0] !== 0x45) return { answer, fatal: null, closed };
  const fields = bytes
    .subarray(5, 1 + bytes.readInt32BE(1))
    .toString()
    .split('\0');
  const fatal = Object.fromEntries(
    fields.filter((f) => f && !'FLR'.includes(f[0]!)).map((f) => [f[0]!, f.slice(1)]),
  );
  return { answer, fatal, closed };
}

import { execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { psql, startPgFixture, type PgFixture } from './pg-fixture';

// TLS when the user supplies a certificate: a self-signed one made with openssl for the test.
let fx: PgFixture;
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
  fx = await startPgFixture(10, {
    cert: readFileSync(join(dir, 'cert.pem')),
    key: readFileSync(join(dir, 'key.pem')),
  });
});
afterAll(async () => {
  await fx?.close();
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
});

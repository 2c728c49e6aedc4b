import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError } from './handle-error';
import { limitBody } from './limit-body';

/** Over real HTTP (@hono/node-server), as the server runs it. */
describe('limitBody', () => {
  let server: ServerType;
  let port = 0;
  beforeAll(async () => {
    const app = new Hono().use('*', limitBody(100)).post('/echo', async (c) => c.text(await c.req.text()));
    app.onError(handleError);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, chunked: boolean) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/echo',
          headers: chunked
            ? { 'transfer-encoding': 'chunked' }
            : { 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      if (chunked) for (let i = 0; i < body.length; i += 10) req.write(body.slice(i, i + 10));
      else req.write(body);
      req.end();
    });

  it('passes a body within the limit, by its Content-Length or counted as it arrives', async () => {
    expect(await post('x'.repeat(100), false)).toEqual({ status: 200, text: 'x'.repeat(100) });
    expect(await post('y'.repeat(60), true)).toEqual({ status: 200, text: 'y'.repeat(60) });
  });

  it('answers 413 with the error shape past the limit, either way', async () => {
    for (const chunked of [false, true]) {
      const res = await post('z'.repeat(101), chunked);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toEqual({
        error: { message: 'Request body too large: the limit is 100 bytes' },
      });
    }
  });
});

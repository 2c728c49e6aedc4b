import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { loopbackHosts } from './loopback-hosts';
import { originGuard } from './origin-guard';

const app = new Hono()
  .use('*', originGuard(loopbackHosts(5480)))
  .get('/', (c) => c.text('ok'))
  .onError((err, c) => c.text(err.message, err instanceof ApiError ? err.status : 500));

describe('originGuard', () => {
  it('accepts loopback hosts on the right port', async () => {
    for (const host of ['localhost:5480', '127.0.0.1:5480', '[::1]:5480', 'LOCALHOST:5480']) {
      expect((await app.request(`http://${host}/`)).status, host).toBe(200);
    }
  });

  it('refuses other names (DNS rebinding) and other ports with 403', async () => {
    for (const host of [
      'evil.example:5480',
      'localhost:5481',
      'localhost',
      '127.0.0.2:5480',
      '10.0.0.1:5480',
    ]) {
      const res = await app.request(`http://${host}/`);
      expect(res.status, host).toBe(403);
    }
  });

  it('accepts a same-origin Origin and refuses a foreign one', async () => {
    const request = (origin: string) => app.request('http://127.0.0.1:5480/', { headers: { origin } });
    expect((await request('http://127.0.0.1:5480')).status).toBe(200);
    expect((await request('http://localhost:5480')).status).toBe(200);
    for (const origin of [
      'https://evil.example',
      'http://localhost:3000',
      'null',
      'file://',
      'http://127.0.0.1:5480.evil.example',
    ]) {
      expect((await request(origin)).status, origin).toBe(403);
    }
  });
});

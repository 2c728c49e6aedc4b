import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { bearerAuth } from './bearer-auth';

const app = new Hono()
  .use('*', bearerAuth('s3cret-token'))
  .get('/', (c) => c.text('ok'))
  .onError((err, c) => c.text(err.message, err instanceof ApiError ? err.status : 500));

const withAuth = (authorization?: string) =>
  app.request('/', authorization === undefined ? {} : { headers: { authorization } });

describe('bearerAuth', () => {
  it('accepts the right token', async () => {
    expect((await withAuth('Bearer s3cret-token')).status).toBe(200);
    expect((await withAuth('bearer s3cret-token')).status).toBe(200);
  });

  it('refuses a missing, wrong or differently sent token with 401', async () => {
    for (const authorization of [
      undefined,
      '',
      'Bearer',
      'Bearer wrong',
      'Bearer s3cret-token2',
      'Basic s3cret-token',
      's3cret-token',
    ]) {
      const res = await withAuth(authorization);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });
});

import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

/** Every kind of response the API makes, and one whose headers cannot change. */
function app() {
  // Response.redirect's headers are immutable (as a fetched response's are).
  const immutable = () => Response.redirect('http://127.0.0.1/elsewhere', 302);
  return new Hono()
    .use('*', securityHeaders())
    .get('/api/json', (c) => c.json({ ok: true }))
    .get('/api/body', (c) => c.body('{"a":1}', 201, { 'content-type': 'application/json' }))
    .get('/api/raw', () => new Response('raw', { headers: { 'content-type': 'text/plain' } }))
    .get('/api/stream', (c) =>
      stream(c, async (out) => {
        await out.write('line\n');
      }),
    )
    .get('/api/throws', () => {
      throw new Error('boom');
    })
    .get('/api/immutable', () => immutable())
    .get('/page', (c) => c.html('<p>page</p>'))
    .onError((_err, c) => c.json({ error: 'boom' }, 500));
}

describe('securityHeaders', () => {
  it.each([
    '/api/json',
    '/api/body',
    '/api/raw',
    '/api/stream',
    '/api/throws',
    '/api/immutable',
    '/api/missing',
  ])('%s carries every security header and no-store', async (path) => {
    const res = await app().request(path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toMatch(
      /^default-src 'self'; script-src 'self';.*frame-ancestors 'none'$/,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the response: status, body and its own headers', async () => {
    const res = await app().request('/api/body');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.text()).toBe('{"a":1}');
    const streamed = await app().request('/api/stream');
    expect(await streamed.text()).toBe('line\n');
  });

  it('a page outside /api gets the security headers but may be cached', async () => {
    const res = await app().request('/page');
    expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect(res.headers.get('cache-control')).toBeNull();
    expect(await res.text()).toBe('<p>page</p>');
  });
});

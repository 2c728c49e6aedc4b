import type { MiddlewareHandler } from 'hono';

/**
 * The SPA keeps the token in localStorage and renders data from DynamoDB: a strict CSP limits what an
 * injected script could do. Monaco needs inline styles, data: fonts/images and blob: workers.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const EVERY_RESPONSE: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
];
const API_RESPONSE: readonly (readonly [string, string])[] = [
  ...EVERY_RESPONSE,
  ['Cache-Control', 'no-store'],
];

/**
 * Headers for every response. `no-referrer` matters: the SPA is opened with `?token=` in its URL,
 * which must never leak to another site through Referer. API responses are never cached.
 *
 * Set on the finished response's own headers, not with `c.header()`: after the handler that copies
 * the whole response into a web `Response` whose body is a stream (a tenth of a millisecond, and the
 * server then writes it through the stream), where @hono/node-server's lightweight response keeps
 * its headers in place. Headers that cannot change (a fetched response's) fall back to the copy.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const wanted = c.req.path.startsWith('/api/') ? API_RESPONSE : EVERY_RESPONSE;
    try {
      const headers = c.res.headers;
      for (const [name, value] of wanted) headers.set(name, value);
    } catch {
      for (const [name, value] of wanted) c.header(name, value);
    }
  };
}

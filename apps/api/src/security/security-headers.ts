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

/**
 * Headers for every response. `no-referrer` matters: the SPA is opened with `?token=` in its URL,
 * which must never leak to another site through Referer. API responses are never cached.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

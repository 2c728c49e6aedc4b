import type { MiddlewareHandler } from 'hono';

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
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

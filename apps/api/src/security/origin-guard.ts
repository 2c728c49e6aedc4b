import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/api-error';
import { normaliseHost } from './loopback-hosts';

/**
 * Refuses requests whose Host is not one of `allowedHosts` (DNS rebinding: a foreign name that
 * resolves to 127.0.0.1 still carries that name in Host) and requests with an `Origin` from
 * anywhere else (cross-site pages). Both are 403. Requests without Origin (curl, same-origin GET)
 * pass the Origin check.
 */
export function originGuard(allowedHosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedHosts.map((host) => normaliseHost(host, 80)));
  return async (c, next) => {
    const url = new URL(c.req.url);
    const hostHeader = c.req.header('host') ?? url.host;
    const defaultPort = url.protocol === 'https:' ? 443 : 80;
    if (!allowed.has(normaliseHost(hostHeader, defaultPort))) {
      throw new ApiError(
        403,
        'Forbidden: this server only answers requests addressed to its loopback address',
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowedOrigin(origin, allowed)) {
      throw new ApiError(403, 'Forbidden: cross-origin requests are not allowed');
    }
    await next();
  };
}

function isAllowedOrigin(origin: string, allowed: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the literal "null" origin of sandboxed frames and file: pages
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return allowed.has(normaliseHost(url.host, url.protocol === 'https:' ? 443 : 80));
}

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error';

/**
 * Request bodies over `maxBytes` get 413. A body with a Content-Length (what fetch and curl send)
 * is judged by that header alone — Node's HTTP parser never reads past it — so the request's body
 * is left for the route to read straight from the socket (@hono/node-server's fast path; Hono's
 * `bodyLimit` touches `Request.body`, which builds a whole web Request and its stream: a large part
 * of a small statement's time). Chunked bodies go through `bodyLimit`, which counts as they arrive.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => new ApiError(413, `Request body too large: the limit is ${maxBytes} bytes`);
  const chunked = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return chunked(c, next);
    if (Number(length) > maxBytes) throw tooLarge();
    return next();
  };
}

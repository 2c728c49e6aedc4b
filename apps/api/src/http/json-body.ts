import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';

/**
 * Reads the request body as JSON whatever its Content-Type, checks it with `parse` and stores the
 * result for `c.req.valid('json')`. Malformed JSON and invalid fields are a 400 with a clear message.
 */
export function jsonBody<T extends object>(
  parse: (value: unknown) => T,
): MiddlewareHandler<object, string, { in: { json: T }; out: { json: T } }> {
  return async (c, next) => {
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ApiError(400, `Malformed JSON in request body: ${reason}`);
    }
    c.req.addValidatedData('json', parse(value));
    await next();
  };
}

import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { ApiError } from './api-error';
import { validated } from './validated';

/**
 * Reads the request body as JSON whatever its Content-Type (so `curl -d` works), checks it with a
 * contract schema and stores the result for `c.req.valid('json')`; the schema's input type is what
 * `hc<AppType>` asks the caller for. Malformed JSON and invalid fields are a 400 with a clear message.
 * (Hono's own json validator, and so `@hono/zod-validator`, reads no body without a JSON Content-Type.)
 */
export function jsonBody<S extends z.ZodType<object>>(
  schema: S,
): MiddlewareHandler<object, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  return async (c, next) => {
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ApiError(400, `Malformed JSON in request body: ${reason}`);
    }
    c.req.addValidatedData('json', validated(schema, value));
    await next();
  };
}

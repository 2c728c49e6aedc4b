import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { validated } from './validated';

/**
 * Checks the query string (`?name=value`, first value of each) with a contract schema and stores
 * the result for `c.req.valid('query')`; the schema's input type is what `hc<AppType>` asks for.
 */
export function queryParams<S extends z.ZodType<object>>(
  schema: S,
): MiddlewareHandler<object, string, { in: { query: z.input<S> }; out: { query: z.output<S> } }> {
  return async (c, next) => {
    c.req.addValidatedData('query', validated(schema, c.req.query()));
    await next();
  };
}

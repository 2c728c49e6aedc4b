import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { stringifyLossless, type Received } from '@dynascope/contract';

/**
 * `c.json` for bodies that may hold result cells: written by the contract's `stringifyLossless`,
 * which writes json/jsonb cells verbatim so 38-digit numbers keep every digit. Typed with the body
 * as the client receives it (`Received<T>`), so `hc<AppType>` sees the contract's types.
 */
export function sendJson<T, S extends ContentfulStatusCode = 200>(
  c: Context,
  body: T,
  status?: S,
): Response & TypedResponse<Received<T>, S, 'json'> {
  return c.body(stringifyLossless(body), status ?? 200, {
    'content-type': 'application/json; charset=utf-8',
  }) as unknown as Response & TypedResponse<Received<T>, S, 'json'>;
}

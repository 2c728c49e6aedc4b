import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import { toJson } from '@dynascope/engine';

/**
 * `c.json` for bodies that may hold result cells: serialised with the engine's `toJson`, which
 * writes json/jsonb cells verbatim so 38-digit numbers keep every digit. Typed like `c.json` so
 * the web app's `hc<AppType>` client sees the body type.
 */
export function sendJson<T, S extends ContentfulStatusCode = 200>(
  c: Context,
  body: T,
  status?: S,
): Response & TypedResponse<JSONParsed<T>, S, 'json'> {
  return c.body(toJson(body), status ?? 200, {
    'content-type': 'application/json; charset=utf-8',
  }) as unknown as Response & TypedResponse<JSONParsed<T>, S, 'json'>;
}

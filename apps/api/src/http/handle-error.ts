import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EngineError } from '@dynascope/engine';
import { ApiError, type ErrorBody } from './api-error';

/** HTTP status for an engine error thrown outside a script (cursors, catalog, designer). */
export function engineErrorStatus(sqlstate: string): ContentfulStatusCode {
  if (sqlstate === '34000' || sqlstate === '42704' || sqlstate === '42P01') return 404;
  if (sqlstate.startsWith('XX') || sqlstate.startsWith('58')) return 500;
  return 400;
}

/**
 * The one place errors become responses (`app.onError`): every error body is
 * `{ error: { message, sqlstate?, position? } }`. Unexpected errors say nothing about internals.
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    const body: ErrorBody = {
      error: err.sqlstate ? { message: err.message, sqlstate: err.sqlstate } : { message: err.message },
    };
    return c.json(body, err.status);
  }
  if (err instanceof EngineError) {
    const body: ErrorBody = { error: err.toInfo() };
    return c.json(body, engineErrorStatus(err.sqlstate));
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const body: ErrorBody = { error: { message: err.message || 'Request failed' } };
    return c.json(body, status);
  }
  // Only the error's name and message: never the request body, which may hold SQL with secrets.
  console.error(`api: ${c.req.method} ${c.req.path} failed: ${err.name}: ${err.message}`);
  const body: ErrorBody = { error: { message: 'Internal server error' } };
  return c.json(body, 500);
}

/** `app.notFound`: unknown routes get the same error shape. */
export function handleNotFound(c: Context): Response {
  const body: ErrorBody = { error: { message: `Not found: ${c.req.method} ${c.req.path}` } };
  return c.json(body, 404);
}

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '@dynascope/contract';
import { EngineError } from '@dynascope/engine';
import { ApiError } from './api-error';

/** HTTP status for an engine error thrown outside a script (cursors, catalog, designer). */
export function engineErrorStatus(sqlstate: string): ContentfulStatusCode {
  if (sqlstate === '34000' || sqlstate === '42704' || sqlstate === '42P01') return 404;
  if (sqlstate.startsWith('XX') || sqlstate.startsWith('58')) return 500;
  return 400;
}

/**
 * The one mapping from errors to responses: every error body is
 * `{ error: { message, sqlstate?, position? } }`. Unexpected errors are logged (name and message
 * only: never the request, which may hold SQL with secrets) and say nothing about internals.
 */
export function errorResponse(err: Error, where: string): { status: ContentfulStatusCode; body: ErrorBody } {
  if (err instanceof ApiError) {
    const error = err.sqlstate ? { message: err.message, sqlstate: err.sqlstate } : { message: err.message };
    return { status: err.status, body: { error } };
  }
  if (err instanceof EngineError)
    return { status: engineErrorStatus(err.sqlstate), body: { error: err.toInfo() } };
  if (err instanceof HTTPException) {
    return {
      status: err.status as ContentfulStatusCode,
      body: { error: { message: err.message || 'Request failed' } },
    };
  }
  console.error(`api: ${where} failed: ${err.name}: ${err.message}`);
  return { status: 500, body: { error: { message: 'Internal server error' } } };
}

/** `app.onError`. */
export function handleError(err: Error, c: Context): Response {
  const { status, body } = errorResponse(err, `${c.req.method} ${c.req.path}`);
  return c.json(body, status);
}

/** `app.notFound`: unknown routes get the same error shape. */
export function handleNotFound(c: Context): Response {
  const body: ErrorBody = { error: { message: `Not found: ${c.req.method} ${c.req.path}` } };
  return c.json(body, 404);
}

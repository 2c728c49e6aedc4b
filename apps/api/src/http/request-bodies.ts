import { ApiError } from './api-error';

/** Largest page a client may ask for; bigger pages would hold too much in memory at once. */
export const MAX_PAGE_SIZE = 10_000;

export interface SqlBody {
  readonly sql: string;
  readonly pageSize?: number;
  /** Client-chosen id so that `POST /api/sql/cancel { requestId }` can abort this request. */
  readonly requestId?: string;
}

export interface NextBody {
  readonly cursor: string;
  readonly pageSize?: number;
  readonly requestId?: string;
}

export interface CursorBody {
  readonly cursor: string;
}

export interface CancelBody {
  readonly requestId: string;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'Request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ApiError(400, `"${field}" must be a non-empty string`);
  }
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new ApiError(400, `"${field}" must be a string of 1 to 200 characters`);
  }
  return value;
}

function optionalPageSize(body: Record<string, unknown>): number | undefined {
  const value = body.pageSize;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new ApiError(400, `"pageSize" must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return value;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `{ sql, pageSize?, requestId? }` for /api/sql, /api/sql/stream and /api/explain. */
export function parseSqlBody(value: unknown): SqlBody {
  const body = asObject(value);
  return compact({
    sql: requiredString(body, 'sql'),
    pageSize: optionalPageSize(body),
    requestId: optionalString(body, 'requestId'),
  });
}

/** `{ cursor, pageSize?, requestId? }` for /api/sql/next. */
export function parseNextBody(value: unknown): NextBody {
  const body = asObject(value);
  return compact({
    cursor: requiredString(body, 'cursor'),
    pageSize: optionalPageSize(body),
    requestId: optionalString(body, 'requestId'),
  });
}

/** `{ cursor }` for /api/sql/close. */
export function parseCursorBody(value: unknown): CursorBody {
  return { cursor: requiredString(asObject(value), 'cursor') };
}

/** `{ requestId }` for /api/sql/cancel. */
export function parseCancelBody(value: unknown): CancelBody {
  return { requestId: requiredString(asObject(value), 'requestId') };
}

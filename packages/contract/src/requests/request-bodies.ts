import { z } from 'zod';

/** Largest page a client may ask for; bigger pages would hold too much in memory at once. */
export const MAX_PAGE_SIZE = 10_000;

const nonEmptyString = (field: string) => z.string({ error: `"${field}" must be a non-empty string` }).min(1);

const pageSize = z
  .int({ error: `"pageSize" must be an integer from 1 to ${MAX_PAGE_SIZE}` })
  .min(1)
  .max(MAX_PAGE_SIZE)
  .optional();

/** Client-chosen id so that `POST /api/sql/cancel { requestId }` can abort the request. */
const requestId = z
  .string({ error: '"requestId" must be a string of 1 to 200 characters' })
  .min(1)
  .max(200)
  .optional();

/** The session a request runs in (an editor tab, say): its settings, transaction and cursors; none: the default session. */
const session = z
  .string({ error: '"session" must be a string of 1 to 200 characters' })
  .min(1)
  .max(200)
  .optional();

/** A JSON object body; unknown fields are dropped and a field set to null counts as absent. */
function body<Shape extends z.ZodRawShape>(shape: Shape) {
  const object = z.object(shape, { error: 'Request body must be a JSON object' });
  return z.preprocess((value: z.input<typeof object>) => withoutNulls(value), object);
}

function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** `{ sql, pageSize?, requestId?, session? }` for /api/sql, /api/sql/stream and /api/explain. */
export const sqlRequest = body({ sql: nonEmptyString('sql'), pageSize, requestId, session });

/** `{ sql, requestId?, session? }` for `POST /api/copy` (COPY ... TO STDOUT; COPY ... FROM STDIN comes as `?sql=` with the data as the body). */
export const copyRequest = body({ sql: nonEmptyString('sql'), requestId, session });

/** `{ sql, requestId?, session? }` for `POST /api/preview`: the script's writes previewed, nothing written. */
export const previewRequest = body({ sql: nonEmptyString('sql'), requestId, session });

/** `{ cursor, pageSize?, requestId?, session? }` for /api/sql/next. */
export const nextRequest = body({ cursor: nonEmptyString('cursor'), pageSize, requestId, session });

/** `{ cursor, session? }` for /api/sql/close. */
export const closeRequest = body({ cursor: nonEmptyString('cursor'), session });

/** `{ requestId }` for /api/sql/cancel. */
export const cancelRequest = body({ requestId: nonEmptyString('requestId') });

export type SqlRequest = z.input<typeof sqlRequest>;
export type NextRequest = z.input<typeof nextRequest>;
export type CopyRequest = z.input<typeof copyRequest>;
export type PreviewRequest = z.input<typeof previewRequest>;
export type CloseRequest = z.input<typeof closeRequest>;
export type CancelRequest = z.input<typeof cancelRequest>;

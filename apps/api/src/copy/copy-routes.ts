import { Hono, type MiddlewareHandler } from 'hono';
import {
  COPY_CONTENT_TYPES,
  COPY_PROGRESS_TYPE,
  copyFromQuery,
  copyRequest,
  type CopyFrame,
  type CopyPreview,
  type CopyProgress,
  type CopyResult,
} from '@dynascope/contract';
import { copyFormat, copyShape, EngineError } from '@dynascope/engine';
import type { WorkbenchEngine } from '../workbench-engine';
import { jsonBody } from '../http/json-body';
import { validated } from '../http/validated';
import { errorResponse } from '../http/handle-error';
import type { RunningRequest, RunningRequests } from '../sql/running-requests';
import { httpSession } from '../http/http-session';

export interface CopyRoutesOptions {
  readonly engine: WorkbenchEngine;
  readonly running: RunningRequests;
}

/** The request body as it arrives, chunk by chunk. */
async function* chunksOf(body: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!body) return;
  for await (const chunk of body) yield chunk;
}

/**
 * `POST /copy?sql=<COPY ... FROM STDIN>[&session=][&requestId=][&dryRun=1]`: the raw body is the data,
 * read as it arrives (no body limit on it, see app.ts; the engine stages it in the host, holding a
 * few MiB) → `{ command: 'COPY', rowCount, consumedWcu }`; with `dryRun=1` all of it is checked and
 * nothing written → a `CopyPreview` (rows, estimated WCU, the first items). With
 * `Accept: application/x-ndjson` the answer is its progress as it goes (`CopyFrame`s, see
 * copyProgressStream). Without `?sql=` the JSON form goes on.
 */
function copyFromStdin({ engine, running }: CopyRoutesOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.query('sql') === undefined) return next();
    const { sql, session, requestId, dryRun } = validated(copyFromQuery, c.req.query());
    const body = chunksOf(c.req.raw.body);
    const run = (
      signal: AbortSignal,
      onCopyProgress?: (p: CopyProgress) => void,
    ): Promise<CopyResult | CopyPreview> => {
      const options = { signal, ...httpSession(session), ...(onCopyProgress && { onCopyProgress }) };
      return dryRun
        ? engine.copyPreview(sql, body, options)
        : engine.copyFrom(sql, body, options).then((done): CopyResult => ({
            command: 'COPY',
            rowCount: done.rowCount,
            consumedWcu: done.consumedWcu,
            ...(done.plan?.write?.atomic && { held: true }),
          }));
    };
    if (!c.req.header('Accept')?.includes(COPY_PROGRESS_TYPE)) {
      return c.json(await running.run(requestId, c.req.raw.signal, (signal) => run(signal)));
    }
    return copyProgressStream(running.start(requestId, c.req.raw.signal), run);
  };
}

/** One NDJSON line of a COPY FROM's progress answer. */
const frameLine = (frame: CopyFrame<CopyResult | CopyPreview>): string => `${JSON.stringify(frame)}\n`;

/**
 * A COPY FROM answered with its progress: `progress` frames, then its `result` or an `error` frame.
 * The answer starts once the whole input is read (the first frame past the `reading` phase), so that
 * no client meets an answer while it is still sending, and an error in the input (a bad line) is the
 * usual error body with its status; an error after that is the last frame.
 */
async function copyProgressStream(
  request: RunningRequest,
  run: (signal: AbortSignal, onCopyProgress: (p: CopyProgress) => void) => Promise<CopyResult | CopyPreview>,
): Promise<Response> {
  const pipe = new TransformStream<string, string>();
  const writer = pipe.writable.getWriter();
  const send = (frame: CopyFrame<CopyResult | CopyPreview>) =>
    void writer.write(frameLine(frame)).catch(() => undefined);
  let inputRead!: () => void;
  const started = new Promise<void>((resolve) => (inputRead = resolve));
  const work = run(request.signal, (progress) => {
    if (progress.phase !== 'reading') inputRead();
    send({ type: 'progress', ...progress });
  });
  try {
    await Promise.race([started, work]);
  } catch (e) {
    request.done();
    throw e;
  }
  void work
    .then(
      (result) => send({ type: 'result', ...result }),
      (e: unknown) =>
        send({
          type: 'error',
          ...errorResponse(e instanceof Error ? e : new Error(String(e)), 'POST /api/copy').body,
        }),
    )
    .finally(() => {
      request.done();
      void writer.close().catch(() => undefined);
    });
  return new Response(pipe.readable.pipeThrough(new TextEncoderStream()), {
    status: 200,
    headers: { 'Content-Type': `${COPY_PROGRESS_TYPE}; charset=utf-8` },
  });
}

/**
 * `/copy`, mounted under `/api`. `{ sql: 'COPY ... TO STDOUT ...', session? }` answers with the data
 * itself, streamed as it is read (one batch waits for the client before the next is read). An error
 * before the first byte is the usual error body; after it the response is aborted, so a truncated
 * file never looks complete.
 */
export function copyRoutes(options: CopyRoutesOptions) {
  const { engine, running } = options;
  return new Hono().post('/copy', copyFromStdin(options), jsonBody(copyRequest), async (c) => {
    const { sql, requestId, session } = c.req.valid('json');
    if (copyShape(sql)?.direction === 'from')
      throw new EngineError('0A000', 'COPY ... FROM STDIN takes its data as the request body', {
        hint: 'POST /api/copy?sql=<the COPY statement, URL-encoded> with the data as the body',
      });
    const request = running.start(requestId, c.req.raw.signal);
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    const writer = pipe.writable.getWriter();
    let firstChunk!: () => void;
    const started = new Promise<void>((resolve) => (firstChunk = resolve));
    const work = engine.copyTo(sql, {
      signal: request.signal,
      ...httpSession(session),
      onChunk: async (bytes) => {
        firstChunk();
        await writer.write(bytes);
      },
    });
    try {
      await Promise.race([started, work]);
    } catch (e) {
      request.done();
      throw e;
    }
    void work
      .then(
        () => writer.close(),
        (e: unknown) => writer.abort(e),
      )
      .catch(() => undefined)
      .finally(() => request.done());
    const format = copyFormat(sql) ?? 'text';
    return new Response(pipe.readable, {
      status: 200,
      headers: { 'Content-Type': COPY_CONTENT_TYPES[format] },
    });
  });
}

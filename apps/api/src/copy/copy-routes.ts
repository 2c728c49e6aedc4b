import { Hono, type MiddlewareHandler } from 'hono';
import { COPY_CONTENT_TYPES, copyFromQuery, copyRequest, type CopyResult } from '@dynascope/contract';
import { copyFormat } from '@dynascope/engine';
import type { WorkbenchEngine } from '../workbench-engine';
import { jsonBody } from '../http/json-body';
import { validated } from '../http/validated';
import type { RunningRequests } from '../sql/running-requests';

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
 * `POST /copy?sql=<COPY ... FROM STDIN>[&session=][&dryRun=1]`: the raw body is the data, read as it
 * arrives (no body limit on it, see app.ts; the engine stages it in the host, holding a few MiB) →
 * `{ command: 'COPY', rowCount, consumedWcu }`; with `dryRun=1` all of it is checked and nothing
 * written → a `CopyPreview` (rows, estimated WCU, the first items). Without `?sql=` the JSON form goes on.
 */
function copyFromStdin({ engine, running }: CopyRoutesOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.query('sql') === undefined) return next();
    const { sql, session, dryRun } = validated(copyFromQuery, c.req.query());
    const options = { ...(session && { session }) };
    const body = chunksOf(c.req.raw.body);
    if (dryRun) {
      const preview = await running.run(undefined, c.req.raw.signal, (signal) =>
        engine.copyPreview(sql, body, { signal, ...options }),
      );
      return c.json(preview);
    }
    const done = await running.run(undefined, c.req.raw.signal, (signal) =>
      engine.copyFrom(sql, body, { signal, ...options }),
    );
    const answer: CopyResult = { command: 'COPY', rowCount: done.rowCount, consumedWcu: done.consumedWcu };
    return c.json(answer);
  };
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
    const request = running.start(requestId, c.req.raw.signal);
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    const writer = pipe.writable.getWriter();
    let firstChunk!: () => void;
    const started = new Promise<void>((resolve) => (firstChunk = resolve));
    const work = engine.copyTo(sql, {
      signal: request.signal,
      ...(session && { session }),
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

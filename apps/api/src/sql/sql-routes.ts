import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import {
  cancelRequest,
  closeRequest,
  nextRequest,
  previewRequest,
  sentPage,
  sentScript,
  sqlRequest,
  stringifyLossless,
  type JsonText,
  type StreamFrame,
} from '@dynascope/contract';
import type { WorkbenchEngine } from '../workbench-engine';
import { errorResponse } from '../http/handle-error';
import { jsonBody } from '../http/json-body';
import { sendJson } from '../http/send-json';
import { ConsumedSoFar } from './consumed-so-far';
import type { RunningRequests } from './running-requests';
import { scriptStatus } from './script-status';
import { httpSession } from '../http/http-session';
import { clientGone } from '../http/client-gone';

export interface SqlRoutesOptions {
  readonly engine: WorkbenchEngine;
  readonly running: RunningRequests;
}

/** One NDJSON line of `/sql/stream`, json cells written verbatim. */
const frameLine = (frame: StreamFrame<JsonText>): string => `${stringifyLossless(frame)}\n`;

/** `/sql`, `/sql/stream`, `/sql/next`, `/sql/close`, `/sql/cancel`, `/explain` and `/preview` (writes previewed, nothing written), mounted under `/api`. */
export function sqlRoutes({ engine, running }: SqlRoutesOptions) {
  return new Hono()
    .post('/sql', jsonBody(sqlRequest), async (c) => {
      const { sql, pageSize, requestId, session } = c.req.valid('json');
      const consumed = new ConsumedSoFar();
      const result = sentScript(
        consumed.withStoppedCost(
          await running.run(requestId, clientGone(c), (signal) =>
            engine.execute(sql, {
              signal,
              pageSize,
              ...httpSession(session),
              onProgress: consumed.record,
            }),
          ),
        ),
      );
      return sendJson(c, result, scriptStatus(result));
    })
    .post('/sql/stream', jsonBody(sqlRequest), (c) => {
      const { sql, pageSize, requestId, session } = c.req.valid('json');
      c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
      return stream(
        c,
        async (out) => {
          const gone = new AbortController();
          out.onAbort(() => gone.abort(new Error('the client closed the stream')));
          const write = (frame: StreamFrame<JsonText>) => out.write(frameLine(frame)).catch(() => undefined);
          const consumed = new ConsumedSoFar();
          const result = await running.run(
            requestId,
            AbortSignal.any([c.req.raw.signal, gone.signal]),
            (signal) =>
              engine.execute(sql, {
                signal,
                pageSize,
                ...httpSession(session),
                onProgress: (progress) => {
                  consumed.record(progress);
                  void write({ type: 'progress', ...progress });
                },
              }),
          );
          await write({ type: 'result', ...sentScript(consumed.withStoppedCost(result)) });
        },
        // The 200 and earlier frames are already sent: a thrown error becomes a last `error` frame.
        async (err, out) => {
          const { body } = errorResponse(err, 'POST /api/sql/stream');
          await out.write(frameLine({ type: 'error', ...body }));
        },
      );
    })
    .post('/sql/next', jsonBody(nextRequest), async (c) => {
      const { cursor, pageSize, requestId, session } = c.req.valid('json');
      const page = await running.run(requestId, clientGone(c), (signal) =>
        engine.next(cursor, { signal, pageSize, ...httpSession(session) }),
      );
      return sendJson(c, sentPage(page));
    })
    .post('/sql/close', jsonBody(closeRequest), async (c) => {
      const { cursor, session } = c.req.valid('json');
      await engine.closeCursor(cursor, { ...httpSession(session) });
      return c.json({ ok: true as const });
    })
    .post('/sql/cancel', jsonBody(cancelRequest), (c) => {
      return c.json({ cancelled: running.cancel(c.req.valid('json').requestId) });
    })
    .post('/explain', jsonBody(sqlRequest), async (c) => {
      const { sql, requestId, session } = c.req.valid('json');
      const result = await running.run(requestId, clientGone(c), (signal) =>
        engine.explain(sql, { signal, ...httpSession(session) }),
      );
      return sendJson(c, result, scriptStatus(result));
    })
    .post('/preview', jsonBody(previewRequest), async (c) => {
      const { sql, requestId, session } = c.req.valid('json');
      const result = await running.run(requestId, clientGone(c), (signal) =>
        engine.preview(sql, { signal, ...httpSession(session) }),
      );
      return sendJson(c, result, result.error ? 400 : 200);
    });
}

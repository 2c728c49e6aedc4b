import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/** Calls `gone` once the client went away; gives back the call that stops listening. */
export type ClientGone = (gone: (reason: unknown) => void) => () => void;

/**
 * How a request's work hears that its client went away before the answer was written: on the Node
 * server, the response's `close` while it is unfinished or the request's stream errored — what makes
 * @hono/node-server abort the web Request's signal (its makeCloseHandler) — heard without making that
 * signal: on Node 20 a fresh AbortSignal and its first listener cost ~10–50 µs of CPU, a point lookup's
 * largest single step in the API (issue 18). Elsewhere (`app.request`: no Node response) the request's own signal.
 *   POST /api/sql, the client's socket closes while the statement runs → gone('Client connection prematurely closed.')
 */
export function clientGone(c: Context): ClientGone | AbortSignal {
  const env = c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined;
  const incoming = env?.incoming;
  const outgoing = env?.outgoing;
  if (!incoming || !outgoing || typeof outgoing.once !== 'function') return c.req.raw.signal;
  return (gone) => {
    const closed = () => {
      if (incoming.errored) gone(incoming.errored.toString());
      else if (!outgoing.writableFinished) gone('Client connection prematurely closed.');
    };
    if (outgoing.closed) {
      closed();
      return () => undefined;
    }
    outgoing.once('close', closed);
    return () => void outgoing.removeListener('close', closed);
  };
}

import { setMaxListeners } from 'node:events';
import { EngineError, SqlState } from '../errors';

/**
 * Postgres's `statement_timeout` for the engine's own work. The host enforces it on what it runs
 * (a PostgreSQL server does; PGlite has no timer and does not), but a statement's DynamoDB reads and
 * writes, its retries and the governor's waits run in the engine: each statement, each page read
 * through a cursor and each COPY gets a signal that also aborts when the time is up, and the error
 * is Postgres's (`57014 canceling statement due to statement timeout`).
 *   set statement_timeout = '2s'; select count(*) from events where kind = 'x'
 *   → Scan pages until 2 s have passed, then 57014; the session goes on (a block is aborted, as in Postgres)
 */

/**
 * `statement_timeout` as `current_setting` prints it, in milliseconds (0: none). Postgres prints a
 * time setting in the largest unit that divides it: `0`, `250ms`, `5s`, `2min`, `1h`, `1d`.
 *   statementTimeoutMs('1500ms') → 1500; statementTimeoutMs('2min') → 120000; statementTimeoutMs('0') → 0
 */
export function statementTimeoutMs(text: string | null | undefined): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*$/.exec(text ?? '');
  if (!m) return 0;
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!);
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The abort reason of a statement whose time is up. */
class StatementTimeout extends Error {
  constructor() {
    super('statement timeout');
  }
}

/** A statement's signal under a timeout, and `done()` to stop its clock when the statement ends. */
export interface TimedSignal {
  readonly signal: AbortSignal | undefined;
  done(): void;
}

/** A statement's signal with no clock: the caller's alone (before its settings are read, or statement_timeout 0). */
export function untimed(signal: AbortSignal | undefined): TimedSignal {
  return { signal, done: () => {} };
}

/**
 * The signal a statement runs under: the caller's (a cancel), and after `ms` (when more than 0) from
 * now, or from `since` (performance.now()), aborted with a statement timeout as its reason. `AbortSignal.any` holds the caller's signal weakly,
 * so a connection's long-lived signal does not keep every statement's.
 */
export function timedSignal(ms: number, signal: AbortSignal | undefined, since?: number): TimedSignal {
  if (!(ms > 0)) return untimed(signal);
  const clock = new AbortController();
  // A clock that started earlier (a statement's, whose later pages are read now) has less time left.
  const left = since === undefined ? ms : ms - (performance.now() - since);
  const timer = setTimeout(() => clock.abort(new StatementTimeout()), Math.max(0, left));
  if (left <= 0) clock.abort(new StatementTimeout());
  const timed = signal ? AbortSignal.any([signal, clock.signal]) : clock.signal;
  // Every segment's request and governor wait listens to it: more than Node's default warning of 10.
  setMaxListeners(0, timed);
  return { signal: timed, done: () => clearTimeout(timer) };
}

/** Whether `signal` was aborted by its statement's timeout (not by a cancel). */
export function timedOut(signal: AbortSignal | undefined): boolean {
  return !!signal?.aborted && signal.reason instanceof StatementTimeout;
}

/**
 * Postgres's error for a statement stopped by `statement_timeout`. What the stopped work raised on its
 * way out, when it is a cancel's 57014, keeps all it says but the cause (a write's `(12 rows written
 * before the error)` and the keys in its detail); anything else it raised is replaced.
 *   statementTimeoutError(writeError) → 'canceling statement due to statement timeout (12 rows written before the error)'
 */
export function statementTimeoutError(raised?: unknown): EngineError {
  if (!(raised instanceof EngineError) || raised.sqlstate !== SqlState.queryCanceled)
    return new EngineError(SqlState.queryCanceled, TIMED_OUT);
  return new EngineError(SqlState.queryCanceled, raised.message.replace(CANCELLED, TIMED_OUT), {
    ...(raised.detail !== undefined && { detail: raised.detail }),
    ...(raised.hint !== undefined && { hint: raised.hint }),
    ...(raised.context !== undefined && { context: raised.context }),
  });
}

const TIMED_OUT = 'canceling statement due to statement timeout';
const CANCELLED = 'canceling statement due to user request';

import { ContextVariable } from '../util/context-variable';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { MAXIMUM_RETRY_DELAY, Retry } from '@smithy/core/retry';
import { EngineError, SqlState } from '../errors';
import { requestSignal } from './send-cached';
import type { ThrottledRetries } from './retry-throttles';

type RetryStrategyV2 = Extract<
  NonNullable<DynamoDBClientConfig['retryStrategy']>,
  { acquireInitialRetryToken: unknown }
>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

/** `dynascope.retry_budget_seconds` when it is not set. */
export const DEFAULT_RETRY_BUDGET_MS = 60_000;

/** What the retries of one DynamoDB call came to, kept on the error the call finally raised. */
export interface RetryRecord {
  /** Requests sent, the first included. */
  readonly attempts: number;
  /** Of the failed ones, how many DynamoDB throttled. */
  readonly throttled: number;
  /** From the first request to the last failure. */
  readonly elapsedMs: number;
  readonly budgetMs: number;
  /** The time budget ran out (rather than an error that is not retried). */
  readonly exhausted: boolean;
  /**
   * An earlier attempt failed after it may have reached DynamoDB (a reset, a timeout, a 5xx): a
   * write may have been applied by it. A throttled request never was.
   */
  readonly maybeApplied: boolean;
}

interface RetryScope {
  readonly budgetMs: number;
  /** Aborted when the statement's work stops: no more retries (the attempt in flight still ends). */
  readonly stop?: AbortSignal;
  /** Where the statement counts its calls' retries after a throttle (dynamo/retry-throttles.ts). */
  readonly throttles?: ThrottledRetries;
}

const scopes = new ContextVariable<RetryScope>();

/**
 * Runs `fn` with every DynamoDB call it makes retrying for at most `ms` (the statement's
 * `dynascope.retry_budget_seconds`); calls outside any budget get 60 s. The SDK's retry middleware
 * runs inside the caller's async context, which is how the client-wide strategy learns the budget.
 */
export function withRetryBudget<T>(
  ms: number,
  fn: () => Promise<T>,
  throttles?: ThrottledRetries,
): Promise<T> {
  return scopes.run({ budgetMs: ms, ...(throttles && { throttles }) }, fn);
}

/**
 * Runs `fn` (within the current budget) so that its calls retry no more once `stop` is aborted: a
 * request in flight still gets its answer — what it wrote is known — but is not sent again.
 */
export function withRetriesUntil<T>(stop: AbortSignal, fn: () => Promise<T>): Promise<T> {
  const throttles = scopes.get()?.throttles;
  return scopes.run({ budgetMs: retryBudgetMs(), stop, ...(throttles && { throttles }) }, fn);
}

/** The budget of the DynamoDB calls made here (for the engine's own loops over partial batches). */
export function retryBudgetMs(): number {
  return scopes.get()?.budgetMs ?? DEFAULT_RETRY_BUDGET_MS;
}

/** `dynascope.retry_budget_seconds` → milliseconds: `'2.5'` → 2500, unset → 60 000. */
export function retryBudgetFromSetting(value: string | null): number {
  if (value === null) return DEFAULT_RETRY_BUDGET_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new EngineError(
      SqlState.invalidParameterValue,
      `invalid value for parameter "dynascope.retry_budget_seconds": "${value}"`,
      {
        hint: 'a number of seconds, 0 or more (0: no retries)',
      },
    );
  }
  return seconds * 1000;
}

/** The retry record an SDK error carries, if its call was retried under a budget. */
export function retriesOf(e: unknown): RetryRecord | undefined {
  return (e as { $retries?: RetryRecord } | null)?.$retries;
}

/**
 * Which failures are retried: throttling, 5xx, resets and timeouts (the SDK's own classification);
 * not a failed condition, a validation error or a denial.
 */
export function isRetryable(errorType: RetryErrorInfo['errorType']): boolean {
  return errorType === 'THROTTLING' || errorType === 'TRANSIENT' || errorType === 'SERVER_ERROR';
}

/** Whether a failure may have happened after DynamoDB applied the request (see RetryRecord.maybeApplied). */
function mayHaveApplied(errorType: RetryErrorInfo['errorType']): boolean {
  return errorType === 'TRANSIENT' || errorType === 'SERVER_ERROR';
}

/**
 * The first backoff: 100 ms after a throttle (the SDK's default of 1 s is for services throttled
 * per account; a DynamoDB table's capacity refills every second, and the exponential growth within
 * the time budget does the rest), the SDK's 50 ms after anything else.
 */
export function backoffBase(throttled: boolean): number {
  return throttled ? THROTTLING_BASE_MS : Retry.delay();
}

const THROTTLING_BASE_MS = 100;

/** Nothing answers there (refused, no such host): a wrong endpoint, not a passing fault — not retried. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** The SDK's backoff after `retries` retries (exponential from `baseMs`, full jitter, at most 20 s), clipped to what is left of the budget. */
export function backoffDelay(retries: number, baseMs: number, leftMs: number): number {
  // The SDK's DefaultRetryBackoffStrategy.computeNextBackoffDelay (not exported by @smithy/core/retry).
  const backoff = Math.floor(Math.random() * Math.min(baseMs * 2 ** retries, MAXIMUM_RETRY_DELAY));
  return Math.max(0, Math.min(backoff, leftMs));
}

function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

class BudgetToken {
  constructor(
    readonly stop: AbortSignal | undefined,
    readonly startedAt: number,
    readonly budgetMs: number,
    readonly retries: number,
    readonly delay: number,
    readonly throttled: number,
    readonly maybeApplied: boolean,
    readonly throttles: ThrottledRetries | undefined,
  ) {}
  getRetryCount(): number {
    return this.retries;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

/**
 * The retry strategy of every DynamoDB client (dynamo/client-cache.ts): the SDK's retry middleware,
 * error classification and backoff, with no attempt cap — a call retries until its time budget runs
 * out, and the error it then raises carries a RetryRecord (dynamo/aws-error.ts says how long it was
 * throttled). The SDK's AdaptiveRetryStrategy is not used: its client-side rate limiter is one per
 * client (a server), so one hot table would slow every table of the server, and at a steady 25% of
 * random throttles it falls to about one request a second. The budget's time counts from the first
 * request; the last wait ends when the budget does, and one more attempt is made then.
 */
export class BudgetRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';

  async acquireInitialRetryToken(): Promise<BudgetToken> {
    const scope = scopes.get();
    return new BudgetToken(
      scope?.stop,
      Date.now(),
      scope?.budgetMs ?? DEFAULT_RETRY_BUDGET_MS,
      0,
      0,
      0,
      false,
      scope?.throttles,
    );
  }

  async refreshRetryTokenForRetry(token: BudgetToken, info: RetryErrorInfo): Promise<BudgetToken> {
    const throttle = info.errorType === 'THROTTLING';
    const elapsedMs = Date.now() - token.startedAt;
    const leftMs = token.budgetMs - elapsedMs;
    const throttled = token.throttled + (throttle ? 1 : 0);
    const maybeApplied = token.maybeApplied || mayHaveApplied(info.errorType);
    const unreachable = UNREACHABLE.has(String((info.error as { code?: unknown } | undefined)?.code ?? ''));
    const signal = requestSignal();
    if (
      !isRetryable(info.errorType) ||
      unreachable ||
      leftMs <= 0 ||
      token.stop?.aborted ||
      signal?.aborted
    ) {
      const record: RetryRecord = {
        attempts: token.retries + 1,
        throttled,
        elapsedMs,
        budgetMs: token.budgetMs,
        exhausted: isRetryable(info.errorType),
        maybeApplied: token.maybeApplied,
      };
      if (info.error) Object.assign(info.error, { $retries: record });
      throw info.error ?? new Error('no retry');
    }
    let delay = backoffDelay(token.retries, backoffBase(throttle), leftMs);
    const hint = info.retryAfterHint?.getTime();
    if (hint !== undefined) delay = Math.min(leftMs, Math.max(delay, hint - Date.now()));
    // Counted before the wait, so that the statement's progress says it is waiting while it waits.
    if (throttle) token.throttles?.retrying(delay);
    // The SDK waits out the delay with the call's abort signal only when the call was sent with options;
    // a call sent by sendCached waits here, until its signal aborts (its next attempt then ends at once
    // with an AbortError, and the call with it).
    if (signal) {
      await waitUnlessAborted(delay, signal);
      delay = 0;
    }
    return new BudgetToken(
      token.stop,
      token.startedAt,
      token.budgetMs,
      token.retries + 1,
      delay,
      throttled,
      maybeApplied,
      token.throttles,
    );
  }

  recordSuccess(): void {}
}

import { setMaxListeners } from 'node:events';
import { throwIfAborted } from '../errors';

/**
 * Calls `fn` on each of `list`, at most `limit` at once. The first failure stops the rest at once:
 * nothing new starts, the signal every call was given is aborted (a call in flight gives up), and the
 * first error is thrown once every call has settled — no write goes on after the statement failed.
 */
export async function runLimited<T>(
  list: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  fn: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  // Every call in flight listens to it (their requests, retries and governor waits): more than Node's 10.
  setMaxListeners(0, stopped);
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (!stopped.aborted && next < list.length) {
      try {
        await fn(list[next++]!, stopped);
      } catch (error) {
        failure ??= { error };
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  if (failure) throw failure.error;
  throwIfAborted(signal);
}

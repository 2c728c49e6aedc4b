import { AsyncLocalStorage } from 'node:async_hooks';

/** The values of every ContextVariable where the code runs now. */
type Frame = ReadonlyMap<ContextVariable<unknown>, unknown>;

/**
 * One AsyncLocalStorage for the whole engine. Node 20 copies each storage's store onto every promise
 * made while any storage is in use: four stores (the host lock's holder, the fair share's session, the
 * governor's scope, the retry budget) cost a point lookup four copies of each of its few hundred
 * promises; one frame holding the four costs one.
 */
const frames = new AsyncLocalStorage<Frame>();

/**
 * A value that follows the async context it was set in, as an AsyncLocalStorage's store does
 * (TC39's AsyncContext.Variable): `run(value, fn)` sets it for everything `fn` starts, `get()` reads it.
 *   const budget = new ContextVariable<number>();
 *   budget.run(5000, async () => { await x(); budget.get() })   // 5000, after the await too
 */
export class ContextVariable<T> {
  /** The value set by the innermost `run` around the caller, undefined outside every `run`. */
  get(): T | undefined {
    return frames.getStore()?.get(this as ContextVariable<unknown>) as T | undefined;
  }

  /** Runs `fn` with this variable set to `value` (the others as they are). */
  run<R>(value: T, fn: () => R): R {
    const frame = new Map(frames.getStore());
    frame.set(this as ContextVariable<unknown>, value);
    return frames.run(frame, fn);
  }
}

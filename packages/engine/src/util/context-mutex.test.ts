import { describe, expect, it } from 'vitest';
import { ContextMutex } from './context-mutex';

describe('ContextMutex', () => {
  it('runs callers one at a time, and calls made inside a holder’s span without waiting', async () => {
    const lock = new ContextMutex();
    const order: string[] = [];
    const a = lock.run(async () => {
      order.push('a start');
      await new Promise((r) => setTimeout(r, 20));
      // Nested: would deadlock if it waited for the span it is in.
      await lock.run(async () => void order.push('a nested'));
      order.push('a end');
    });
    const b = lock.run(async () => void order.push('b'));
    await Promise.all([a, b]);
    expect(order).toEqual(['a start', 'a nested', 'a end', 'b']);
  });

  it('a context that outlives its span waits like any other caller', async () => {
    const lock = new ContextMutex();
    let later!: Promise<boolean>;
    await lock.run(async () => {
      later = new Promise((resolve) => setTimeout(() => resolve(lock.held), 5));
    });
    expect(await later).toBe(false);
    const order: string[] = [];
    let fromTimer!: Promise<void>;
    const holder = lock.run(async () => {
      fromTimer = new Promise((resolve) => setTimeout(resolve, 1)).then(() =>
        lock.run(async () => void order.push('timer')),
      );
      await new Promise((r) => setTimeout(r, 5));
    });
    const other = lock.run(async () => {
      order.push('other');
      await new Promise((r) => setTimeout(r, 20));
    });
    await Promise.all([holder, other, fromTimer]);
    // The timer's call came inside the span: it did not wait (the span was still held).
    expect(order).toEqual(['timer', 'other']);
  });
});

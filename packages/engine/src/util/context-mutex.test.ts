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

describe('ContextMutex waits', () => {
  it('a caller that waits too long gives up, its turn skipped; the others keep their order', async () => {
    const lock = new ContextMutex();
    const order: string[] = [];
    let release!: () => void;
    const holder = lock.run(() => new Promise<void>((resolve) => (release = resolve)));
    const late = lock.run(
      async () => void order.push('late'),
      20,
      () => new Error('too long'),
    );
    const patient = lock.run(async () => void order.push('patient'));
    await expect(late).rejects.toThrow('too long');
    release();
    await Promise.all([holder, patient]);
    expect(order).toEqual(['patient']);
  });

  it('a span waiting for work that needs the lock is freed when that work gives up', async () => {
    const lock = new ContextMutex();
    // Started outside the span (a timer set before it), awaited inside it: without a wait limit,
    // neither would end.
    const other = new Promise<string>((resolve) =>
      setTimeout(
        () =>
          resolve(
            lock.run(
              async () => 'ran',
              30,
              () => new Error('gave up'),
            ),
          ),
        5,
      ),
    );
    const span = lock.run(() => other.catch((e: Error) => e.message));
    expect(await span).toBe('gave up');
  });
});

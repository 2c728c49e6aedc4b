import { describe, expect, it } from 'vitest';
import { ContextVariable } from './context-variable';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('ContextVariable', () => {
  it('follows the async context it was set in, across awaits and timers', async () => {
    const v = new ContextVariable<number>();
    expect(v.get()).toBeUndefined();
    const seen = await v.run(1, async () => {
      await tick();
      const later = await new Promise<number | undefined>((resolve) => setTimeout(() => resolve(v.get()), 1));
      return [v.get(), later];
    });
    expect(seen).toEqual([1, 1]);
    expect(v.get()).toBeUndefined();
  });

  it('keeps each variable apart: an inner run of one leaves the others as they were', async () => {
    const a = new ContextVariable<string>();
    const b = new ContextVariable<string>();
    const seen = await a.run('a1', () =>
      b.run('b1', async () => {
        await tick();
        const inner = await a.run('a2', async () => {
          await tick();
          return [a.get(), b.get()];
        });
        return [...inner, a.get(), b.get()];
      }),
    );
    expect(seen).toEqual(['a2', 'b1', 'a1', 'b1']);
  });

  it('gives concurrent contexts their own values', async () => {
    const v = new ContextVariable<number>();
    const read = (n: number) =>
      v.run(n, async () => {
        await tick();
        await tick();
        return v.get();
      });
    expect(await Promise.all([read(1), read(2), read(3)])).toEqual([1, 2, 3]);
  });
});

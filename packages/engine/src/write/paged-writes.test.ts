import { describe, expect, it } from 'vitest';
import type { Item } from '../fetch/read-pages';
import { pagedWrites } from './paged-writes';

/** 2,000 rows in pages of 100, sent 30 a request; `mostHeld`: most rows read in the sending pass and not yet sent. */
function source(refuseAt?: number) {
  const state = { pulls: 0, sentRows: 0, readRows: 0, mostHeld: 0, sends: [] as number[][] };
  const steps = {
    pages: async function* () {
      state.pulls++;
      const sending = state.pulls === 2;
      if (sending) state.readRows = 0;
      for (let p = 0; p < 20; p++) {
        const page = Array.from({ length: 100 }, (_, i) => p * 100 + i);
        if (sending) {
          state.readRows += page.length;
          state.mostHeld = Math.max(state.mostHeld, state.readRows - state.sentRows);
        }
        yield page;
      }
    },
    itemOf: (n: number): Item => ({ k: { N: String(n) } }),
    batch: 30,
    check: (items: readonly Item[]) => {
      if (refuseAt !== undefined && items.some((i) => i.k!.N === String(refuseAt)))
        throw new Error(`refused ${refuseAt}`);
    },
    send: async (items: readonly Item[]) => {
      await new Promise((r) => setImmediate(r));
      state.sends.push(items.map((i) => Number(i.k!.N)));
      state.sentRows += items.length;
    },
  };
  return { state, steps };
}

describe('pagedWrites', () => {
  it('holds one page of rows at a time while it sends, and sends every row once, in order', async () => {
    const { state, steps } = source();
    expect(await pagedWrites(steps)).toBe(2000);
    // A page, and the last few rows of the one before that fill no request of 30.
    expect(state.mostHeld).toBeLessThan(100 + 30);
    expect(state.sends.slice(0, -1).every((s) => s.length % 30 === 0)).toBe(true);
    expect(state.sends.flat()).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('sends nothing when a row of the last page is refused: every page is checked first', async () => {
    const { state, steps } = source(1999);
    await expect(pagedWrites(steps)).rejects.toThrow('refused 1999');
    expect(state.sends).toEqual([]);
  });

  it('stops between pages once the statement is cancelled', async () => {
    const { state, steps } = source();
    const cancel = new AbortController();
    const send = steps.send;
    steps.send = async (items) => {
      await send(items);
      if (state.sends.length === 3) cancel.abort();
    };
    await expect(pagedWrites(steps, cancel.signal)).rejects.toThrow();
    expect(state.sends).toHaveLength(3);
  });
});

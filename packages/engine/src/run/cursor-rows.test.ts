import { describe, expect, it } from 'vitest';
import type { Cell } from '../types';
import { BATCH_ROWS, CursorRows } from './cursor-rows';
import { FETCH_ALL, portalFetch, startPosition } from './portal-fetch';
import { arraySource, type RowSource } from './row-source';

const N = 20_000;

/** A NO SCROLL cursor over rows 1..N, and the most rows it held whenever it asked its source for more. */
function noScrollCursor() {
  const source = arraySource(Array.from({ length: N }, (_, i): Cell[] => [i + 1]));
  const seen = { mostHeld: 0, calls: 0 };
  const observed: RowSource = {
    next(pageSize, signal) {
      seen.calls++;
      seen.mostHeld = Math.max(seen.mostHeld, rows.held);
      return source.next(pageSize, signal);
    },
    close: () => source.close(),
  };
  const rows = new CursorRows(observed, null);
  const position = startPosition(true);
  const run = (fetch: { direction?: 'FETCH_FORWARD' | 'FETCH_ABSOLUTE'; howMany: number; ismove: boolean }) =>
    portalFetch(position, rows, { ...fetch, howMany: BigInt(fetch.howMany) });
  return { rows, seen, run };
}

describe('a NO SCROLL cursor moving forward', () => {
  it('MOVE ALL keeps none of the rows it passes: a batch at most, whatever it moves over', async () => {
    const { rows, seen, run } = noScrollCursor();
    expect(await run({ howMany: 5, ismove: false })).toMatchObject({ count: 5 });
    expect(await run({ howMany: FETCH_ALL, ismove: true })).toEqual({ rows: [], count: N - 5 });
    expect(seen.calls).toBeGreaterThan(N / BATCH_ROWS);
    expect(seen.mostHeld).toBeLessThan(BATCH_ROWS);
    expect(rows.held).toBeLessThan(BATCH_ROWS);
    expect(await run({ howMany: 1, ismove: false })).toEqual({ rows: [], count: 0 });
  });

  it('MOVE n and ABSOLUTE n pass their rows without keeping them; the next FETCH goes on at the right row', async () => {
    const { rows, seen, run } = noScrollCursor();
    expect(await run({ howMany: 3, ismove: false })).toEqual({ rows: [[1], [2], [3]], count: 3 });
    expect(await run({ howMany: 12_345, ismove: true })).toEqual({ rows: [], count: 12_345 });
    expect(await run({ howMany: 2, ismove: false })).toEqual({ rows: [[12_349], [12_350]], count: 2 });
    expect(await run({ direction: 'FETCH_ABSOLUTE', howMany: 19_000, ismove: false })).toEqual({
      rows: [[19_000]],
      count: 1,
    });
    expect(await run({ howMany: 5_000, ismove: true })).toEqual({ rows: [], count: N - 19_000 });
    expect(seen.mostHeld).toBeLessThan(BATCH_ROWS + 3);
    expect(rows.held).toBeLessThan(BATCH_ROWS);
  });
});

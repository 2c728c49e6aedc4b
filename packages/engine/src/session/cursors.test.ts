import { describe, expect, it } from 'vitest';
import type { RowSource } from '../run/row-source';
import { Cursors } from './cursors';

/** A source of `total` rows that records its closes. */
function source(total: number, log: string[], name: string, fail = false): RowSource {
  let offset = 0;
  return {
    async next(pageSize) {
      if (fail) throw new Error(`${name} failed`);
      const rows = Array.from({ length: Math.min(pageSize, total - offset) }, (_, i) => [String(offset + i)]);
      offset += rows.length;
      return { rows, done: offset >= total, consumedRcu: rows.length / 2 };
    },
    async close() {
      log.push(`close ${name}`);
    },
  };
}

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('Cursors', () => {
  it('pages through a source and forgets it, unclosed, once it is done', async () => {
    const log: string[] = [];
    const cursors = new Cursors({ ttlMs: 60_000, max: 4 });
    const id = await cursors.register(source(3, log, 'a'));
    expect(await cursors.next(id, 2)).toEqual({ rows: [['0'], ['1']], cursor: id, consumedRcu: 1 });
    expect(await cursors.next(id, 2)).toEqual({ rows: [['2']], cursor: null, consumedRcu: 0.5 });
    expect(cursors.size).toBe(0);
    expect(log).toEqual([]);
    await expect(cursors.next(id, 2)).rejects.toMatchObject({
      sqlstate: '34000',
      message: `cursor "${id}" does not exist or has expired`,
    });
  });

  it('closes a cursor idle longer than its ttl; each page starts the ttl again', async () => {
    const log: string[] = [];
    const c = clock();
    const cursors = new Cursors({ ttlMs: 1_000, max: 4, clock: c });
    const a = await cursors.register(source(10, log, 'a'));
    const b = await cursors.register(source(10, log, 'b'));
    c.advance(800);
    await cursors.next(a, 1);
    c.advance(800);
    // b has been idle 1600 ms, a 800 ms: b is closed before the call returns.
    expect((await cursors.next(a, 1)).cursor).toBe(a);
    expect(log).toEqual(['close b']);
    await expect(cursors.next(b, 1)).rejects.toMatchObject({ sqlstate: '34000' });
    c.advance(1_001);
    await expect(cursors.next(a, 1)).rejects.toMatchObject({ sqlstate: '34000' });
    expect(log).toEqual(['close b', 'close a']);
    expect(cursors.size).toBe(0);
  });

  it('closes the least recently used cursor beyond the maximum', async () => {
    const log: string[] = [];
    const cursors = new Cursors({ ttlMs: 60_000, max: 2 });
    const a = await cursors.register(source(10, log, 'a'));
    const b = await cursors.register(source(10, log, 'b'));
    await cursors.next(a, 1);
    const c = await cursors.register(source(10, log, 'c'));
    expect(log).toEqual(['close b']);
    expect(cursors.size).toBe(2);
    expect((await cursors.next(a, 1)).cursor).toBe(a);
    expect((await cursors.next(c, 1)).cursor).toBe(c);
    await expect(cursors.next(b, 1)).rejects.toMatchObject({ sqlstate: '34000' });
  });

  it('closes and forgets a cursor whose source fails, and passes the error on', async () => {
    const log: string[] = [];
    const cursors = new Cursors({ ttlMs: 60_000, max: 2 });
    const id = await cursors.register(source(10, log, 'a', true));
    await expect(cursors.next(id, 1)).rejects.toThrow('a failed');
    expect(log).toEqual(['close a']);
    expect(cursors.size).toBe(0);
  });

  it('closes one cursor on request (an unknown one is no error), or all of them', async () => {
    const log: string[] = [];
    const cursors = new Cursors({ ttlMs: 60_000, max: 4 });
    const a = await cursors.register(source(10, log, 'a'));
    await cursors.register(source(10, log, 'b'));
    await cursors.register(source(10, log, 'c'));
    await cursors.close(a);
    await cursors.close('no-such-cursor');
    expect(log).toEqual(['close a']);
    await cursors.closeAll();
    expect(log.slice(1).sort()).toEqual(['close b', 'close c']);
    expect(cursors.size).toBe(0);
  });
});

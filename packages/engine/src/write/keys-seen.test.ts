import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, hostTables } from '../../test/support/pglite-host-tables';
import { KeysSeen, SEEN_KEY_COLUMNS } from './keys-seen';

describe('KeysSeen', () => {
  let db: PGlite;
  const host = hostOf(() => db);
  const { table, loaded } = hostTables(() => db, 'seen', SEEN_KEY_COLUMNS);
  const count = async (seen: KeysSeen) =>
    Number((await db.query<{ n: number }>(`select count(*)::int as n from ${seen.inHost}`)).rows[0]!.n);

  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db?.close());

  it('finds the first repeat in memory, within a page and across pages', async () => {
    const seen = new KeysSeen(host, table, 100);
    expect(await seen.firstRepeat(['a', 'b', 'c'])).toBe(-1);
    expect(await seen.firstRepeat(['d', 'e', 'd', 'b'])).toBe(2);
    expect(seen.inHost).toBeUndefined();
    expect(await new KeysSeen(host, table, 100).firstRepeat(['x', 'y', 'y'])).toBe(2);
  });

  it('moves every key to the host past its limit, then finds repeats there as in memory', async () => {
    const seen = new KeysSeen(host, table, 3);
    expect(await seen.firstRepeat(['k1', 'k2'])).toBe(-1);
    expect(seen.inHost).toBeUndefined();
    expect(await seen.firstRepeat(['k3', 'k4'])).toBe(-1);
    expect(seen.inHost).toBeDefined();
    expect(await count(seen)).toBe(4);
    expect(await seen.firstRepeat(['k5', 'k6'])).toBe(-1);
    expect(await count(seen)).toBe(6);
    // Every key that went in is counted for the pool, which empties the table by it.
    expect(loaded.get(seen.inHost!.replace(/^pg_temp\."(.*)"$/, '$1'))).toBe(6);
    // An earlier page's key, after fresh ones.
    expect(await seen.firstRepeat(['k7', 'k8', 'k1', 'k9'])).toBe(2);
  });

  it('reports whichever repeat comes first: the page own or an earlier page', async () => {
    const start = async () => {
      const seen = new KeysSeen(host, table, 1);
      expect(await seen.firstRepeat(['a', 'b'])).toBe(-1);
      expect(seen.inHost).toBeDefined();
      return seen;
    };
    // The page's own repeat (index 2) before an earlier page's key (index 3).
    expect(await (await start()).firstRepeat(['c', 'd', 'c', 'a'])).toBe(2);
    // An earlier page's key (index 1) before the page's own repeat (index 3).
    expect(await (await start()).firstRepeat(['c', 'b', 'e', 'c'])).toBe(1);
    // The page's own repeat only.
    expect(await (await start()).firstRepeat(['c', 'e', 'c'])).toBe(2);
  });

  it('holds keys too long for a btree entry: DynamoDB largest, binary as base64', async () => {
    const seen = new KeysSeen(host, table, 1);
    const big = (seed: number) => {
      const bytes = Buffer.alloc(3072);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed * 7919 + i * 104729) % 251;
      return JSON.stringify([{ B: bytes.toString('base64') }]);
    };
    expect(await seen.firstRepeat([big(1), big(2)])).toBe(-1);
    expect(await seen.firstRepeat([big(3), big(2)])).toBe(1);
  });

  it('without a host table keeps every key in memory', async () => {
    const seen = new KeysSeen(host, undefined, 1);
    expect(await seen.firstRepeat(['a', 'b', 'c'])).toBe(-1);
    expect(await seen.firstRepeat(['d', 'a'])).toBe(1);
    expect(seen.inHost).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { itemSize } from './item-size';
import { attributeBytes, bytesText, keyFetchPays, type KeyFetchCase } from './key-fetch-pays';

const TYPES: Record<string, string> = {
  id: 'text',
  ts: 'int8',
  kind: 'text',
  payload: 'jsonb',
  device_id: 'int4',
  duration_ms: 'int4',
  value: 'numeric',
};
const bytesOf = (a: string) =>
  attributeBytes(a, TYPES[a] ? { typname: TYPES[a], elementTypname: null } : undefined);

/** 400 items of ~1,800 bytes (a 1.5 KB pad), top 10 by ts; the Scan ~88 RCU, the key read 5. */
const WIDE: KeyFetchCase = {
  plain: null,
  narrow: ['id', 'ts'],
  bytesOf,
  avgItemBytes: 1800,
  itemsRead: 400,
  keep: 10,
  scanRcu: 88,
  fetchRcu: 5,
};

describe('keyFetchPays (a top-N reads keys, then fetches, only when it pays)', () => {
  it('whole items of 1,800 bytes, the Scan reads ~89 of each: it pays', () => {
    // id: 2 + 64 (text, nominal), ts: 2 + 21 (a number at most); saved (1800 - 89) x 400 items;
    // the key read: 10 items whole plus one round trip (64 KiB).
    expect(keyFetchPays(WIDE)).toEqual({ pays: true, savedBytes: 1711 * 400, fetchBytes: 18000 + 65536 });
  });

  it('the events table: every attribute but a small map is declared and checked, so it declines', () => {
    // bench/src/events.ts's item 12345: what DescribeTable's average is made of.
    const event = {
      device_id: { N: '345' },
      ts: { N: '1700012345000' },
      kind: { S: 'purchase' },
      duration_ms: { N: '3955' },
      value: { N: '2695.45' },
      payload: { M: { source: { S: 'app' }, version: { N: '0' } } },
    };
    const avg = itemSize(event);
    const d = keyFetchPays({
      ...WIDE,
      narrow: ['device_id', 'ts', 'kind', 'duration_ms', 'value'],
      avgItemBytes: avg,
      itemsRead: 1_000_000,
      scanRcu: 15_000,
    });
    expect(d).toEqual({
      pays: false,
      candidate: true,
      reason: `narrow items ~179 B vs whole ~${avg} B, at least half`,
    });
  });

  it('a narrow item more than half the plain one declines, however many items', () => {
    const d = keyFetchPays({ ...WIDE, avgItemBytes: 170, itemsRead: 10_000_000, scanRcu: 1e6 });
    expect(d).toEqual({
      pays: false,
      candidate: true,
      reason: 'narrow items ~89 B vs whole ~170 B, at least half',
    });
    expect(keyFetchPays({ ...WIDE, avgItemBytes: 180, itemsRead: 10_000_000, scanRcu: 1e6 }).pays).toBe(true);
  });

  it('what the Scan saves must outweigh the key read: 40 items save less than 10 fetched cost', () => {
    const d = keyFetchPays({ ...WIDE, itemsRead: 40 });
    // 68,440 bytes saved; 10 items of 1,800 bytes and 64 KiB fetched.
    expect(d).toEqual({
      pays: false,
      candidate: true,
      reason: 'saves ~67 KiB, no more than the kept items plus a round trip (~82 KiB)',
    });
    expect(keyFetchPays({ ...WIDE, itemsRead: 49 }).pays).toBe(true);
  });

  it('a projected plain read: only what it reads beyond the narrow one is saved', () => {
    // payload (jsonb) is bounded by nothing: up to the rest of the item.
    expect(keyFetchPays({ ...WIDE, plain: ['id', 'ts', 'payload'] }).pays).toBe(true);
    // Declared numbers only: ~62 bytes saved of ~151.
    expect(keyFetchPays({ ...WIDE, plain: ['id', 'ts', 'device_id', 'duration_ms'] })).toEqual({
      pays: false,
      candidate: true,
      reason: 'narrow items ~89 B vs projected ~151 B, at least half',
    });
  });

  it('the same attributes, or one the plain read does not read: no key read was a candidate', () => {
    // Nothing to leave out: however cheap the key read, no plan mentions it.
    expect(keyFetchPays({ ...WIDE, plain: ['ts', 'id'], itemsRead: 1e7, scanRcu: 1e6 })).toEqual({
      pays: false,
      candidate: false,
      reason: 'the plain read projects only what the narrow Scan would',
    });
    expect(keyFetchPays({ ...WIDE, plain: ['id', 'payload'] })).toEqual({
      pays: false,
      candidate: false,
      reason: 'the narrow Scan would read ts, which the plain one does not',
    });
  });

  it('an attribute the narrow Scan reads that nothing bounds may be the whole item: declines', () => {
    expect(keyFetchPays({ ...WIDE, narrow: ['id', 'payload'] })).toEqual({
      pays: false,
      candidate: true,
      reason: 'narrow items ~1866 B vs whole ~1800 B, at least half',
    });
  });

  it('the key read may add at most a quarter of the Scan: above, or no estimate, declines', () => {
    expect(keyFetchPays({ ...WIDE, scanRcu: 19.9 })).toEqual({
      pays: false,
      candidate: true,
      reason: "key read 5 RCU, more than a quarter of the Scan's 19.9",
    });
    expect(keyFetchPays({ ...WIDE, scanRcu: 20 }).pays).toBe(true);
    expect(keyFetchPays({ ...WIDE, scanRcu: null })).toEqual({
      pays: false,
      candidate: true,
      reason: 'the Scan has no RCU estimate',
    });
  });

  it('each reason is the first rule that declines: the key read RCU before the sizes', () => {
    // Small items and an expensive key read: both rules decline; the RCU one is said.
    expect(keyFetchPays({ ...WIDE, avgItemBytes: 100, scanRcu: 8, fetchRcu: 3 })).toEqual({
      pays: false,
      candidate: true,
      reason: "key read 3 RCU, more than a quarter of the Scan's 8",
    });
  });

  it('is pure: the same case, the same frozen decision', () => {
    const a = keyFetchPays({ ...WIDE, itemsRead: 40 });
    expect(Object.isFrozen(a)).toBe(true);
    expect(keyFetchPays({ ...WIDE, itemsRead: 40 })).toEqual(a);
  });
});

describe('bytesText (bytes in a reason)', () => {
  it('bytes below a KiB, then KiB and MiB, one decimal below 10 of a unit', () => {
    expect(bytesText(140)).toBe('140 B');
    expect(bytesText(1023)).toBe('1023 B');
    expect(bytesText(1024)).toBe('1 KiB');
    expect(bytesText(9728)).toBe('9.5 KiB');
    expect(bytesText(12 * 1024 + 100)).toBe('12 KiB');
    expect(bytesText(1.3 * 1024 * 1024)).toBe('1.3 MiB');
  });
});

describe('attributeBytes (an attribute as its column type bounds it)', () => {
  it('name plus value: numbers 21 at most, booleans 1, timestamps their ISO text, text a nominal 64', () => {
    expect(attributeBytes('ts', { typname: 'int8', elementTypname: null })).toBe(2 + 21);
    expect(attributeBytes('ok', { typname: 'bool', elementTypname: null })).toBe(2 + 1);
    expect(attributeBytes('at', { typname: 'timestamptz', elementTypname: null })).toBe(2 + 27);
    expect(attributeBytes('kind', { typname: 'text', elementTypname: null })).toBe(4 + 64);
    expect(attributeBytes('né', undefined)).toBe(3 + 64);
  });

  it('json, jsonb, bytea and arrays: nothing bounds them', () => {
    expect(attributeBytes('p', { typname: 'jsonb', elementTypname: null })).toBeNull();
    expect(attributeBytes('p', { typname: 'bytea', elementTypname: null })).toBeNull();
    expect(attributeBytes('p', { typname: '_int4', elementTypname: 'int4' })).toBeNull();
  });
});

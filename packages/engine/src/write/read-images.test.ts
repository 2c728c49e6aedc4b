import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostOf, hostTables } from '../../test/support/pglite-host-tables';
import type { Item } from '../fetch/read-pages';
import type { TableInfo } from '../plan/key-schema';
import { IMAGE_COLUMNS, ReadImages } from './read-images';

const info = {
  name: 'events',
  partitionKey: { name: 'dev', type: 'S' },
  sortKey: { name: 'ts', type: 'N' },
} as unknown as TableInfo;

const item = (dev: string, ts: string, rest: Item = {}): Item => ({
  dev: { S: dev },
  ts: { N: ts },
  ...rest,
});

/** Every kind of value DynamoDB holds, binary and 38-digit numbers among them. */
const wide = item('d1', '12345678901234567890123456789012345678', {
  b: { B: new Uint8Array([0, 1, 255]) },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
  ns: { NS: ['1.5', '-0.000000000000000000000000000000000001'] },
  ss: { SS: ['a', 'é'] },
  m: { M: { inner: { L: [{ NULL: true }, { BOOL: false }, { S: '{"Item":1}' }] } } },
  Item: { M: { S: { S: 'not a wrapper' } } },
});

describe('ReadImages', () => {
  let db: PGlite;
  const host = hostOf(() => db);
  const { table, loaded } = hostTables(() => db, 'images', IMAGE_COLUMNS);
  const hostRows = async (images: ReadImages) =>
    (
      await db.query<{ row: string; image: string }>(
        `select "row"::text, image from ${images.inHost} order by 1`,
      )
    ).rows;

  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db?.close());

  it('holds images in memory up to its limit, then moves every one to the host table, exactly', async () => {
    const images = new ReadImages(host, info, 'public.events', table, 2);
    await images.add([wide, item('d2', '1')], ['(0,1)', '(0,2)']);
    expect(images.inHost).toBeUndefined();
    expect(images.of('(0,1)')).toEqual({ key: { dev: { S: 'd1' }, ts: wide.ts }, image: wide });
    await images.add([item('d3', '1')], ['(0,3)']);
    expect(images.inHost).toBe('pg_temp."images_1"');
    const rows = await hostRows(images);
    expect(rows.map((r) => r.row)).toEqual(['(0,1)', '(0,2)', '(0,3)']);
    expect(images.fromHost(rows[0]!.image)).toEqual({ key: { dev: { S: 'd1' }, ts: wide.ts }, image: wide });
    expect(images.fromHost(rows[2]!.image).image).toEqual(item('d3', '1'));
    // Later pages go to the host as they come.
    await images.add([item('d4', '2')], ['(1,1)']);
    expect((await hostRows(images)).map((r) => r.row)).toEqual(['(0,1)', '(0,2)', '(0,3)', '(1,1)']);
  });

  it('keeps the first row of an item read twice', async () => {
    const images = new ReadImages(host, info, 'public.events', table, 1);
    await images.add([item('d1', '1', { v: { S: 'first' } }), item('d2', '1')], ['(0,1)', '(0,2)']);
    await images.add([item('d1', '1', { v: { S: 'again' } })], ['(0,3)']);
    const rows = await hostRows(images);
    expect(rows.map((r) => r.row)).toEqual(['(0,1)', '(0,2)']);
    expect(images.fromHost(rows[0]!.image).image.v).toEqual({ S: 'first' });
    // The rows that went in are counted for the pool, which empties the table by them.
    expect(loaded.get(images.inHost!.replace(/^pg_temp\."(.*)"$/, '$1'))).toBe(2);
  });

  it("moves items of DynamoDB's largest keys (3 KB of text, more than a btree entry holds)", async () => {
    const wideKeys = { ...info, sortKey: { name: 'at', type: 'S' } } as unknown as TableInfo;
    const images = new ReadImages(host, wideKeys, 'public.events', table, 1);
    // Text no compression shortens, of DynamoDB's largest: a 2,048-byte partition key, a 1,024-byte sort key.
    const text = (c: string, length: number) => {
      let seed = c.charCodeAt(0);
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 89;
      return c + Array.from({ length: length - 1 }, () => String.fromCharCode(33 + next())).join('');
    };
    const wideItem = (c: string, rest: Item = {}): Item => ({
      dev: { S: text(c, 2048) },
      at: { S: text(c, 1024) },
      ...rest,
    });
    await images.add([wideItem('a'), wideItem('b')], ['(0,1)', '(0,2)']);
    await images.add([wideItem('a', { v: { S: 'again' } })], ['(0,3)']);
    const rows = await hostRows(images);
    expect(rows.map((r) => r.row)).toEqual(['(0,1)', '(0,2)']);
    expect(images.fromHost(rows[1]!.image)).toEqual({
      key: { dev: wideItem('b').dev, at: wideItem('b').at },
      image: wideItem('b'),
    });
  });

  it('stays in memory without a host table, past its limit', async () => {
    const images = new ReadImages(host, info, 'public.events', undefined, 1);
    await images.add([item('d1', '1'), item('d2', '1')], ['(0,1)', '(0,2)']);
    expect(images.inHost).toBeUndefined();
    expect(images.of('(0,2)').image).toEqual(item('d2', '1'));
  });

  it('refuses an item without its key before keeping anything', async () => {
    const images = new ReadImages(host, info, 'public.events', table, 1);
    await expect(images.add([item('d1', '1'), { dev: { S: 'd2' } }], ['(0,1)', '(0,2)'])).rejects.toThrow(
      'it has no key attribute "ts"',
    );
    expect(images.inHost).toBeUndefined();
  });
});

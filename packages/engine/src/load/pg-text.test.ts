import { describe, expect, it } from 'vitest';
import { pgJsonbText } from './pg-text';

describe('pgJsonbText (jsonb output)', () => {
  it('sorts keys shorter first then bytewise, spaces separators, keeps digits', () => {
    expect(
      pgJsonbText('{"bb":1,"a":[1.50,true,null],"ab":{"z":98765432109876543210987654321098765432}}'),
    ).toBe('{"a": [1.50, true, null], "ab": {"z": 98765432109876543210987654321098765432}, "bb": 1}');
  });
  it('escapes like Postgres: quotes, backslashes, control characters; leaves unicode as is', () => {
    expect(pgJsonbText(JSON.stringify({ s: 'a"b\\c\n\u0001é😀' }))).toBe('{"s": "a\\"b\\\\c\\n\\u0001é😀"}');
  });
  it('keeps the last of duplicate keys', () => {
    expect(pgJsonbText('{"a":1,"a":2}')).toBe('{"a": 2}');
  });
  it('refuses \\u0000 as jsonb does', () => {
    expect(() => pgJsonbText('"\\u0000"')).toThrow(/unsupported Unicode escape sequence/);
  });
});

describe('fastCell agrees with the JSON path', () => {
  it('for canonical numbers, texts and booleans, and declines the rest', async () => {
    const { fastCell, directCell } = await import('./direct-cell');
    const { columnJson } = await import('./coerce');
    const col = (name: string, typname: string) => ({
      name,
      type: typname,
      typname,
      elementTypname: null,
      typmod: -1,
      notNull: false,
      collation: null,
    });
    const cols = [col('n', 'numeric'), col('t', 'text'), col('b', 'bool')];
    const ctx = { relation: 'x.y', keyNames: [] };
    for (const item of [
      { n: { N: '12.5' }, t: { S: 'é' }, b: { BOOL: false } },
      { n: { N: '-0.001' }, t: { S: '' }, b: { BOOL: true } },
    ]) {
      for (const c of cols)
        expect(fastCell(item[c.name as keyof typeof item], c)).toEqual(
          directCell(columnJson(item, c, cols, ctx), c),
        );
    }
    expect(fastCell({ N: '-0' }, cols[0]!)).toBeUndefined();
    expect(fastCell({ N: '1.50' }, cols[0]!)).toBeUndefined();
    expect(fastCell({ N: '5' }, cols[1]!)).toBeUndefined();
  });
});

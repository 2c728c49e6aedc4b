import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, scanTokens } from './parse';

describe('scanTokens', () => {
  beforeAll(() => loadParser());

  it('reads a string literal holding control characters, with its own text and offsets', () => {
    const sql = "select 'a\fb\x01c', 'é\vx' as y";
    const tokens = scanTokens(sql).map((t) => [t.text, sql.slice(t.start, t.end)]);
    expect(tokens).toEqual([
      ['select', 'select'],
      ["'a\fb\x01c'", "'a\fb\x01c'"],
      [',', ','],
      ["'é\vx'", "'é\vx'"],
      ['as', 'as'],
      ['y', 'y'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { applySplices } from './splice';

describe('applySplices', () => {
  it('replaces ranges (given in any order)', () => {
    const text = 'select * from dynamodb.users u join dynamodb.orders o on true';
    const users = text.indexOf('dynamodb.users');
    const orders = text.indexOf('dynamodb.orders');
    const s = applySplices(text, [
      { start: orders, end: orders + 'dynamodb.orders'.length, replacement: 'pg_temp."__ds_2"' },
      { start: users, end: users + 'dynamodb.users'.length, replacement: 'pg_temp."__ds_1"' },
    ]);
    expect(s.text).toBe('select * from pg_temp."__ds_1" u join pg_temp."__ds_2" o on true');
  });

  it('no splices → the same text and identity positions', () => {
    const s = applySplices('select 1', []);
    expect(s.text).toBe('select 1');
    for (const p of [1, 5, 9]) expect(s.originalPosition(p)).toBe(p);
  });

  it('maps positions back: before, inside and after each replacement', () => {
    //          0123456789012345
    const text = 'select x from t where y';
    const s = applySplices(text, [{ start: 14, end: 15, replacement: 'pg_temp.tmp' }]);
    expect(s.text).toBe('select x from pg_temp.tmp where y');
    // Before the splice: unchanged (1-based).
    expect(s.originalPosition(8)).toBe(8);
    // Anywhere inside the replacement → the start of what it replaced.
    expect(s.originalPosition(15)).toBe(15);
    expect(s.originalPosition(25)).toBe(15);
    // After: shifted back by the growth (10 characters).
    const y = s.text.indexOf(' y') + 2;
    expect(text[s.originalPosition(y) - 1]).toBe('y');
    expect(s.originalPosition(y)).toBe(text.indexOf(' y') + 2);
  });

  it('accumulates shifts over several splices, growing and shrinking', () => {
    const text = 'aaa BBB ccc DDDDDDD eee';
    const s = applySplices(text, [
      { start: 4, end: 7, replacement: 'bbbbbbbbbb' },
      { start: 12, end: 19, replacement: 'd' },
    ]);
    expect(s.text).toBe('aaa bbbbbbbbbb ccc d eee');
    for (const word of ['aaa', 'ccc', 'eee']) {
      const at = s.text.indexOf(word) + 1;
      expect(s.originalPosition(at)).toBe(text.indexOf(word) + 1);
    }
    expect(s.originalPosition(s.text.indexOf('d ') + 1)).toBe(text.indexOf('D') + 1);
    expect(s.originalPosition(s.text.length + 1)).toBe(text.length + 1);
  });

  it('an empty replacement deletes; an empty range inserts', () => {
    expect(applySplices('abc', [{ start: 1, end: 2, replacement: '' }]).text).toBe('ac');
    const ins = applySplices('abc', [{ start: 1, end: 1, replacement: 'XY' }]);
    expect(ins.text).toBe('aXYbc');
    expect(ins.originalPosition(4)).toBe(2);
  });

  it('works on non-ASCII text (character offsets)', () => {
    const text = "select 'é😀' from t where z";
    const at = text.indexOf(' t ') + 1;
    const s = applySplices(text, [{ start: at, end: at + 1, replacement: 'tmp_table' }]);
    expect(s.text).toBe("select 'é😀' from tmp_table where z");
    expect(s.originalPosition(s.text.indexOf('z') + 1)).toBe(text.indexOf('z') + 1);
  });
});

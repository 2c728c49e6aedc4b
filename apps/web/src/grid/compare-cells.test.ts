import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import type { Cell } from '../api/wire';
import { compareCells, sortKind, type SortKind } from './compare-cells';

const asc = (cells: Cell[], kind: SortKind) => [...cells].sort((a, b) => compareCells(a, b, kind));
/** Descending as the grid does it: the ascending comparator negated. */
const desc = (cells: Cell[], kind: SortKind) => [...cells].sort((a, b) => -compareCells(a, b, kind));

describe('sortKind', () => {
  it('maps Postgres type names to an ordering', () => {
    expect(
      [
        'int2',
        'int4',
        'int8',
        'numeric',
        'numeric(38,18)',
        'real',
        'double precision',
        'float8',
        'bigint',
      ].map(sortKind),
    ).toEqual(Array(9).fill('number'));
    expect(['bool', 'boolean'].map(sortKind)).toEqual(['boolean', 'boolean']);
    expect(['json', 'jsonb'].map(sortKind)).toEqual(['json', 'json']);
    expect(['text', 'timestamptz', 'date', 'uuid', 'bytea', '_int4'].map(sortKind)).toEqual(
      Array(6).fill('text'),
    );
  });
});

describe('compareCells', () => {
  it('sorts numeric strings with 38 digits exactly, NULL last ascending and first descending', () => {
    const cells: Cell[] = [
      '99999999999999999999999999999999999999',
      null,
      '-2',
      '100000000000000000000000000000000000001',
      '-1.5',
      '0',
    ];
    expect(asc(cells, 'number')).toEqual([
      '-2',
      '-1.5',
      '0',
      '99999999999999999999999999999999999999',
      '100000000000000000000000000000000000001',
      null,
    ]);
    expect(desc(cells, 'number')).toEqual([
      null,
      '100000000000000000000000000000000000001',
      '99999999999999999999999999999999999999',
      '0',
      '-1.5',
      '-2',
    ]);
  });

  it('mixes JSON numbers, lossless numbers and float specials in one numeric column', () => {
    const big = new LosslessNumber('12345678901234567890.123456789012345679');
    const cells: Cell[] = [
      'NaN',
      3.5,
      big,
      '12345678901234567890.123456789012345678',
      -7,
      'Infinity',
      '-Infinity',
      null,
    ];
    expect(asc(cells, 'number')).toEqual([
      '-Infinity',
      -7,
      3.5,
      '12345678901234567890.123456789012345678',
      big,
      'Infinity',
      'NaN',
      null,
    ]);
  });

  it('orders booleans false before true', () => {
    expect(asc([true, null, false, true], 'boolean')).toEqual([false, true, true, null]);
    expect(desc([true, null, false], 'boolean')).toEqual([null, true, false]);
  });

  it('orders text by code point and ISO timestamps chronologically', () => {
    expect(asc(['beta', 'Alpha', null, 'alpha', ''], 'text')).toEqual(['', 'Alpha', 'alpha', 'beta', null]);
    expect(
      asc(['2024-06-01 10:00:00+00', '2023-12-31 23:59:59.5+00', '2024-06-01 09:59:59.999+00'], 'text'),
    ).toEqual(['2023-12-31 23:59:59.5+00', '2024-06-01 09:59:59.999+00', '2024-06-01 10:00:00+00']);
    expect(asc(['2024-10-02', '2024-09-30', '2024-10-01'], 'text')).toEqual([
      '2024-09-30',
      '2024-10-01',
      '2024-10-02',
    ]);
  });

  it('orders jsonb by Postgres type order, then by value', () => {
    const obj1 = { a: 1 };
    const obj2 = { a: 1, b: 2 };
    const cells: Cell[] = [obj2, [1, 2], true, new LosslessNumber('1e40'), 10, 'x', obj1, [3], false];
    expect(asc(cells, 'json')).toEqual([
      'x',
      10,
      new LosslessNumber('1e40'),
      false,
      true,
      [3],
      [1, 2],
      obj1,
      obj2,
    ]);
    expect(compareCells({ b: 1, a: 2 }, { a: 2, b: 1 }, 'json')).toBe(0);
    expect(compareCells({ a: 1 }, { a: 2 }, 'json')).toBe(-1);
  });

  it('orders JSON null first among jsonb values, and SQL NULL after them all', () => {
    expect(asc([{ a: 1 }, null, 'x', JSON_NULL], 'json')).toEqual([JSON_NULL, 'x', { a: 1 }, null]);
    expect(desc([{ a: 1 }, JSON_NULL, null, 'x'], 'json')).toEqual([null, { a: 1 }, 'x', JSON_NULL]);
  });

  it('keeps equal values equal so the sort stays stable', () => {
    expect(compareCells('1.0', '1', 'number')).toBe(0);
    expect(compareCells(null, null, 'text')).toBe(0);
  });
});

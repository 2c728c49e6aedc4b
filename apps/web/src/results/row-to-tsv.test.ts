import { describe, expect, it } from 'vitest';
import { JSON_NULL } from '../api/lossless-json';
import { rowToTsv } from './row-to-tsv';

describe('rowToTsv', () => {
  it('joins a row with tabs', () => {
    const columns = [
      { name: 'id', type: 'text' },
      { name: 'total', type: 'numeric' },
      { name: 'n', type: 'integer' },
      { name: 'attrs', type: 'jsonb' },
    ];
    expect(rowToTsv(columns, ['a', '1', 2, { k: 1 }])).toBe('a\t1\t2\t{"k":1}');
    expect(rowToTsv(columns.slice(0, 2), [null, '0.10'])).toBe('\t0.10');
  });
  it('copies JSON null as null and SQL NULL as nothing', () => {
    const columns = [
      { name: 'a', type: 'jsonb' },
      { name: 'b', type: 'jsonb' },
      { name: 'c', type: 'text' },
    ];
    expect(rowToTsv(columns, [JSON_NULL, null, 'x'])).toBe('null\t\tx');
  });
});

import { describe, expect, it } from 'vitest';
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
});

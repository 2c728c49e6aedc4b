import { describe, expect, it } from 'vitest';
import { tableDescription } from '../test-support/wire-fixtures';
import { initialColumns } from './initial-columns';

describe('initialColumns', () => {
  it('puts keys first, then attributes by frequency, including the common ones', () => {
    const cols = initialColumns(
      tableDescription({
        attributes: [
          { name: 'rare', types: { S: 1 }, frequency: 0.1, suggestedType: 'text' },
          { name: 'ts', types: { N: 10 }, frequency: 1, suggestedType: 'numeric' },
          { name: 'kind', types: { S: 9, N: 1 }, frequency: 1, suggestedType: 'text' },
        ],
      }),
    );
    expect(cols.map((c) => [c.name, c.type, c.include, c.notNull, c.keyRole, c.seen])).toEqual([
      ['deviceId', 'text', true, true, 'partition', 'S'],
      ['ts', 'numeric', true, true, 'sort', 'N'],
      ['kind', 'text', true, false, null, 'S/N'],
      ['rare', 'text', false, false, null, 'S'],
    ]);
  });
});

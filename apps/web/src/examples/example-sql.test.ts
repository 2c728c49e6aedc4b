import { describe, expect, it } from 'vitest';
import { exampleSql } from './example-sql';

describe('exampleSql', () => {
  it('comments the title and each line of the description above the SQL', () => {
    expect(
      exampleSql({ title: 'Point lookup', description: 'One item.\nBy key.', sql: '  select 1;  ' }),
    ).toBe('-- Point lookup\n-- One item.\n-- By key.\nselect 1;\n');
  });

  it('says "Example" without a title', () => {
    expect(exampleSql({ title: '', description: '', sql: 'select 3' })).toBe('-- Example\nselect 3\n');
  });
});

import { describe, expect, it } from 'vitest';
import { runTarget } from './run-target';

describe('runTarget', () => {
  const text = '-- intro\nselect 1;\nselect 2;\n';
  it('runs the statement under the cursor', () => {
    expect(runTarget(text, null, text.indexOf('select 2') + 3, 'current')).toEqual({
      sql: 'select 2',
      base: 19,
    });
  });
  it('runs a selection as typed', () => {
    expect(runTarget(text, { start: 9, end: 27 }, 0, 'current')).toEqual({
      sql: 'select 1;\nselect 2',
      base: 9,
    });
  });
  it('ignores a blank selection', () => {
    expect(runTarget(text, { start: 18, end: 19 }, 10, 'current')).toEqual({ sql: 'select 1', base: 9 });
  });
  it('runs everything from the first to the last statement', () => {
    expect(runTarget(text, null, 0, 'all')).toEqual({ sql: 'select 1;\nselect 2', base: 9 });
  });
  it('returns null for an empty script', () => {
    expect(runTarget('  -- nothing\n', null, 0, 'all')).toBeNull();
    expect(runTarget('', null, 0, 'current')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { errorRange } from './error-range';

describe('errorRange', () => {
  it('maps a 1-based position inside the submitted text to editor offsets over the token', () => {
    const sql = 'select * form users';
    // Postgres reports position 15 for "users"? here: "form" starts at 10 (1-based)
    expect(errorRange(sql, 100, { position: 10 })).toEqual({ start: 109, end: 113 });
  });
  it('covers a quoted identifier', () => {
    expect(errorRange('select "bad col" from t', 0, { position: 8 })).toEqual({ start: 7, end: 16 });
  });
  it('falls back to the failing statement, then to everything', () => {
    expect(errorRange('select 1; select x', 5, { statementIndex: 1 })).toEqual({ start: 15, end: 23 });
    expect(errorRange('select 1', 0, {})).toEqual({ start: 0, end: 8 });
  });
  it('clamps a position past the end', () => {
    expect(errorRange('select', 0, { position: 99 })).toEqual({ start: 5, end: 6 });
  });
});

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
  it('counts the position in characters as Postgres does, the editor in UTF-16 code units', () => {
    // Positions as PostgreSQL 15 reported them for these texts (checked against the server).
    expect(errorRange("select 'ééééé' selec 1 2", 0, { position: 22 })).toEqual({ start: 21, end: 22 });
    expect(errorRange("select '😀😀';\n selec 1", 10, { position: 15 })).toEqual({ start: 26, end: 31 });
    const sql = '/* 😀 */ select 1; select * from users where user_id = 1';
    expect(errorRange(sql, 0, { position: 53 })).toEqual({
      start: sql.indexOf('= 1'),
      end: sql.indexOf('= 1') + 1,
    });
  });
  it('covers a whole emoji at the position, not half of it', () => {
    // PostgreSQL 15: column "😀😀" does not exist, position 8.
    expect(errorRange('select 😀😀', 0, { position: 8 })).toEqual({ start: 7, end: 9 });
  });
  it('clamps a position past the end', () => {
    expect(errorRange('select', 0, { position: 99 })).toEqual({ start: 5, end: 6 });
  });
});

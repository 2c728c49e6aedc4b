import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseScript, parseScriptUntilError } from './parse';

/** Postgres counts an error's position in characters (code points) of the whole query string. */
describe('parseScriptUntilError positions', () => {
  beforeAll(() => loadParser());

  const position = (sql: string) => parseScriptUntilError(sql).error?.position;

  // Each position is what PostgreSQL 15 reported for the same text (checked against the server).
  it('a syntax error after multi-byte characters counts them as one character each', () => {
    expect(position("select 'xxxxx' selec 1 2")).toBe(22);
    expect(position("select 'ééééé' selec 1 2")).toBe(22);
    expect(position("select '😀' selec 1 2")).toBe(18);
    expect(position("select 'é' +")).toBe(13);
  });

  it('a syntax error in a later statement counts an earlier emoji once', () => {
    expect(position("select '😀😀';\n selec 1")).toBe(15);
    expect(position("select '😀😀'; select 1; selec 2")).toBe(24);
    expect(position('select 1; /* 😀 */ selec 2')).toBe(19);
    expect(position("select '😀';\nselect 'unterminated")).toBe(20);
  });

  it('empty statements between semicolons are none', () => {
    expect(position('select 1;;; selec')).toBe(13);
    expect(position('select 1; ; /* 😀 */ ;selec')).toBe(22);
    expect(parseScriptUntilError('select 1;;').statements.map((s) => s.text)).toEqual(['select 1']);
  });

  it("parseScript's own error is at a string index, as the engine's positions are", () => {
    expect(() => parseScript("select '😀' selec 1 2")).toThrow(expect.objectContaining({ position: 19 }));
  });

  it("a statement's charsBefore counts characters, its start string indexes", () => {
    const sql = "/* 😀 */ select '😀'; select 2; selec 3";
    const { statements, error } = parseScriptUntilError(sql);
    expect(error?.position).toBe(31);
    expect(statements.map((s) => [s.text, s.start, s.charsBefore])).toEqual([
      ["select '😀'", 9, 8],
      ['select 2', 22, 20],
    ]);
    expect(statements.map((s) => sql.slice(s.start, s.start + s.text.length))).toEqual([
      "select '😀'",
      'select 2',
    ]);
  });

  it('a script that parses whole gives the same charsBefore', () => {
    const { statements, error } = parseScriptUntilError("select '😀😀';\n select '日本'; select 3");
    expect(error).toBeUndefined();
    expect(statements.map((s) => [s.start, s.charsBefore])).toEqual([
      [0, 0],
      [16, 14],
      [29, 27],
    ]);
  });
});

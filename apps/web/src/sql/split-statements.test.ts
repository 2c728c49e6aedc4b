import { describe, expect, it } from 'vitest';
import { splitStatements, statementAt, statementsIn } from './split-statements';

describe('splitStatements', () => {
  it('splits at top-level semicolons with offsets', () => {
    const sql = 'select 1;\n  select 2 ;';
    expect(splitStatements(sql)).toEqual([
      { text: 'select 1', start: 0, end: 8 },
      { text: 'select 2', start: 12, end: 20 },
    ]);
  });

  it('ignores semicolons in strings, identifiers, dollar quotes and comments', () => {
    const sql = [
      "select 'a;b', E'it\\'s;', 'x''y;'",
      'select "we;ird" from t',
      'select $$ ; $$, $fn$ ; $x$ ; $fn$',
      'select 1 -- ; comment\n',
      '/* ; /* nested ; */ ; */ select 2',
    ].join(';\n');
    const spans = splitStatements(sql);
    expect(spans.map((s) => s.text)).toEqual([
      "select 'a;b', E'it\\'s;', 'x''y;'",
      'select "we;ird" from t',
      'select $$ ; $$, $fn$ ; $x$ ; $fn$',
      'select 1',
      'select 2',
    ]);
    for (const s of spans) expect(sql.slice(s.start, s.end)).toBe(s.text);
  });

  it('drops empty and comment-only statements', () => {
    expect(splitStatements(';; -- nothing\n ; /* x */')).toEqual([]);
  });

  it('keeps an unterminated string to the end', () => {
    expect(splitStatements("select 'abc; def")).toEqual([{ text: "select 'abc; def", start: 0, end: 16 }]);
  });

  it('does not treat a positional parameter as a dollar quote', () => {
    expect(splitStatements('select $1; select 2').map((s) => s.text)).toEqual(['select $1', 'select 2']);
  });
});

describe('statementAt', () => {
  const sql = 'select 1;\n\nselect 2;\nselect 3';
  const spans = splitStatements(sql);
  it('finds the statement containing the cursor', () => {
    expect(statementAt(spans, 3)?.text).toBe('select 1');
    expect(statementAt(spans, sql.indexOf('select 3') + 2)?.text).toBe('select 3');
  });
  it('prefers the statement that starts at the cursor', () => {
    const s = splitStatements('select 1;select 2');
    expect(statementAt(s, 9)?.text).toBe('select 2');
  });
  it('picks the statement just before the cursor after its semicolon or on a blank line', () => {
    expect(statementAt(spans, 9)?.text).toBe('select 1');
    expect(statementAt(spans, 10)?.text).toBe('select 1');
  });
  it('picks the first statement when the cursor is before everything', () => {
    expect(statementAt(splitStatements('\n\nselect 1'), 0)?.text).toBe('select 1');
  });
  it('returns null for an empty script', () => {
    expect(statementAt([], 0)).toBeNull();
  });
  it('lists statements overlapping a selection', () => {
    expect(statementsIn(spans, 5, sql.indexOf('select 2') + 3).map((s) => s.text)).toEqual([
      'select 1',
      'select 2',
    ]);
  });
});

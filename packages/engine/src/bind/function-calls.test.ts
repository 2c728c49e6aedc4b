import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne, scanTokens } from '../parse/parse';
import { calledNames, functionCalls } from './function-calls';

beforeAll(loadParser);

describe('functionCalls', () => {
  it('finds every call that may be the user’s, with the span of its name', () => {
    const sql = `select "App".total(cid), f(g(1)) from t, lateral h(t.x) where extract(year from d) > pg_catalog.abs(2)`;
    const calls = functionCalls(parseOne(sql), scanTokens(sql));
    expect(calls.map((c) => [c.names, sql.slice(c.start, c.end)])).toEqual([
      [['App', 'total'], '"App".total'],
      [['f'], 'f'],
      [['g'], 'g'],
      [['h'], 'h'],
    ]);
    expect(calledNames(parseOne(sql))).toEqual([['App', 'total'], ['f'], ['g'], ['h']]);
  });
});

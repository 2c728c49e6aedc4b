import { beforeAll, describe, expect, it } from 'vitest';
import { refuseUnsafeStatement } from '../host/statement-policy';
import { modifyingCtes } from '../run/modifying-ctes';
import { memoByNode } from './node-memo';
import { loadParser, parseOne, parseScript } from './parse';

describe('memoByNode', () => {
  beforeAll(() => loadParser());

  it('computes once for a tree the parse cache froze, and again for its text changed', () => {
    const seen: string[] = [];
    const count = memoByNode((node, text) => {
      seen.push(text);
      return JSON.stringify(node).length;
    });
    const node = parseOne('select a from t');
    expect(Object.isFrozen(node)).toBe(true);
    const first = count(node, 'select a from t');
    expect(count(node, 'select a from t')).toBe(first);
    expect(seen).toEqual(['select a from t']);
    count(node, 'SELECT a FROM t');
    expect(seen).toEqual(['select a from t', 'SELECT a FROM t']);
  });

  it('computes every time for a tree that is not frozen (it may change)', () => {
    let calls = 0;
    const keys = memoByNode((node) => {
      calls++;
      return Object.keys(node as object).join();
    });
    const node: Record<string, unknown> = { SelectStmt: {} };
    expect(keys(node)).toBe('SelectStmt');
    node.Other = {};
    expect(keys(node)).toBe('SelectStmt,Other');
    expect(calls).toBe(2);
  });

  it('keeps no refusal: a cached statement that is refused is refused every time it runs', () => {
    const [s] = parseScript('set session authorization postgres');
    for (let i = 0; i < 3; i++)
      expect(() => refuseUnsafeStatement(s!.node, s!.text)).toThrow(
        /permission denied to set session authorization/,
      );
  });

  it("gives a cached statement's data-modifying WITH queries from its own text, frozen", () => {
    const text = 'with d as (delete from m where dev = 10 returning *) select * from d';
    const node = parseOne(text);
    const ctes = modifyingCtes(node, text);
    expect(ctes.top.map((c) => [c.name, c.text])).toEqual([
      ['d', 'delete from m where dev = 10 returning *'],
    ]);
    expect(modifyingCtes(node, text)).toBe(ctes);
    expect(Object.isFrozen(ctes.top)).toBe(true);
  });
});

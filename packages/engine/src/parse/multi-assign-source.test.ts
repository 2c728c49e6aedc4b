import { describe, expect, it } from 'vitest';
import { walk } from './ast';
import { parseOne, parseScript } from './parse';

describe('multiAssignSourceOnce', () => {
  const sql = `update ft set (n, g, x) = (select n, g, x from ft where id = '3') where id = '1'`;
  const rangeVars = (node: unknown) => {
    const found: unknown[] = [];
    walk(node, (kind, fields) => void (kind === 'RangeVar' && found.push(fields.relname)));
    return found;
  };

  it('keeps the sub-SELECT at the first column only, as Postgres transforms it', () => {
    for (const node of [parseOne(sql), parseScript(sql)[0]!.node]) {
      // The target (UpdateStmt.relation) is no wrapped node: the sub-SELECT's ft, once (three times before).
      expect(rangeVars(node)).toEqual(['ft']);
      const refs: { colno?: number; source?: unknown }[] = [];
      walk(node, (kind, fields) => void (kind === 'MultiAssignRef' && refs.push(fields)));
      expect(refs.map((r) => [r.colno, r.source !== undefined])).toEqual([
        [1, true],
        [2, false],
        [3, false],
      ]);
    }
  });

  it('leaves the sub-SELECT of a single column alone', () => {
    expect(rangeVars(parseOne(`update t set (a, b) = (select 1, 2 from u), c = (select 3 from v)`))).toEqual([
      'u',
      'v',
    ]);
  });
});

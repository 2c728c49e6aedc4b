import { describe, expect, it } from 'vitest';
import type { HostResult } from '../host/host';
import { keyText, type ItemKey } from '../write/item-keys';
import { returningBeforeConflicts, type Candidate } from './returning-before-conflicts';

/**
 * The decisions of returningBeforeConflicts over a RETURNING that fails for some rows (`fails`),
 * with `exists` the keys DynamoDB holds: which rows are left out, which error ends the statement,
 * and what it asked for.
 */
function run(keys: readonly string[], fails: ReadonlySet<number>, exists: ReadonlySet<string>) {
  const candidates: Candidate[] = keys.map((k, i) => ({ ctid: `(0,${i + 1})`, key: { pk: { S: k } } }));
  const index = (ctid: string) => Number(/,(\d+)\)/.exec(ctid)![1]) - 1;
  const asked: { checks: number; existing: string[][] } = { checks: 0, existing: [] };
  const result = (ctids: readonly string[]): HostResult => ({
    fields: [],
    rows: ctids.map((c) => [c]),
    affectedRows: undefined,
  });
  const failing = (ctids: readonly string[]) => ctids.map(index).find((i) => fails.has(i));
  const outcome = returningBeforeConflicts(candidates, {
    evaluate: (leftOut) => {
      const ctids = candidates.map((c) => c.ctid).filter((c) => !leftOut.includes(c));
      const f = failing(ctids);
      return f === undefined ? Promise.resolve(result(ctids)) : Promise.reject(new Error(`row ${f}`));
    },
    check: (ctids) => {
      asked.checks++;
      const f = failing(ctids);
      return Promise.resolve(f === undefined ? null : new Error(`row ${f}`));
    },
    existing: (list: readonly ItemKey[]) => {
      asked.existing.push(list.map((k) => k.pk!.S!));
      return Promise.resolve(new Set(list.filter((k) => exists.has(k.pk!.S!)).map(keyText)));
    },
  }).then(
    (r) => ({ rows: r.rows.rows.map((row) => index(row[0]!)), leftOut: r.leftOut.map(index) }),
    (e: Error) => ({ error: e.message }),
  );
  return { outcome, asked };
}

describe('returningBeforeConflicts', () => {
  it('evaluates once when RETURNING fails for no row, asking DynamoDB nothing', async () => {
    const { outcome, asked } = run(['a', 'b', 'c'], new Set(), new Set());
    expect(await outcome).toEqual({ rows: [0, 1, 2], leftOut: [] });
    expect(asked).toEqual({ checks: 0, existing: [] });
  });

  it('leaves out the rows it fails for whose items exist, found among many by halving', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const { outcome, asked } = run(keys, new Set([5, 33]), new Set(['k5', 'k33']));
    expect(await outcome).toEqual({
      rows: keys.map((_, i) => i).filter((i) => i !== 5 && i !== 33),
      leftOut: [5, 33],
    });
    expect(asked.existing).toEqual([['k5', 'k33']]);
    expect(asked.checks).toBeLessThan(25);
  });

  it('fails with the error of the first row it fails for whose item does not exist', async () => {
    const { outcome } = run(['a', 'b', 'c', 'd'], new Set([1, 2, 3]), new Set(['b']));
    expect(await outcome).toEqual({ error: 'row 2' });
  });

  it('a row after another of its key conflicts with it: neither asked of DynamoDB nor failing', async () => {
    const { outcome, asked } = run(['a', 'a'], new Set([1]), new Set());
    expect(await outcome).toEqual({ rows: [0], leftOut: [1] });
    expect(asked.existing).toEqual([]);
    // The first of them fails and is not there: inserted, so the statement fails.
    expect(await run(['a', 'a'], new Set([0]), new Set()).outcome).toEqual({ error: 'row 0' });
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_SEEN, seenFilter } from './distinct-seen';
import type { FilterableAttribute } from './local-shape';

/**
 * The condition a DISTINCT's later requests carry (distinct-seen.ts): the items holding none of the
 * values kept. That DynamoDB applies it as Postgres compares is test/integration/page-filters.test.ts's.
 */
const kind: FilterableAttribute = { attribute: 'kind', type: 'S', typed: false };

describe('seenFilter: the values kept in, the request condition out', () => {
  it('leaves out the items holding a value kept', () => {
    expect(seenFilter(kind, ['click', 'Über'])).toEqual({
      expression: 'NOT (#pf0 IN (:pf0, :pf1))',
      names: { '#pf0': 'kind' },
      values: { ':pf0': { S: 'click' }, ':pf1': { S: 'Über' } },
    });
    expect(
      seenFilter({ attribute: 'n', type: 'N', typed: false }, [5n, { unscaled: 150, scale: 2 }])?.values,
    ).toEqual({
      ':pf0': { N: '5' },
      ':pf1': { N: '1.50' },
    });
    expect(seenFilter({ attribute: 'b', type: 'BOOL', typed: false }, [true])?.values).toEqual({
      ':pf0': { BOOL: true },
    });
  });

  it(`names at most ${MAX_SEEN} values, and none DynamoDB would refuse as a comparand`, () => {
    const many = Array.from({ length: 80 }, (_, i) => `v${i}`);
    expect(Object.keys(seenFilter(kind, many)!.values)).toHaveLength(MAX_SEEN);
    // An empty text is no comparand: the others are still left out.
    expect(seenFilter(kind, ['', 'a'])?.values).toEqual({ ':pf0': { S: 'a' } });
    expect(seenFilter(kind, [''])).toBeNull();
    expect(seenFilter(kind, [])).toBeNull();
  });
});

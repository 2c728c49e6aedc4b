import { describe, expect, it } from 'vitest';
import { widenedAttributes } from './widened-attributes';

describe('widenedAttributes', () => {
  const names = { '#n0': 'status', '#n1': 'age' };
  it('a text test widened to other types, and a text <>', () => {
    expect(
      widenedAttributes('(#n0 = :v0 OR NOT attribute_type(#n0, :v1)) AND #n1 > :v2', names, {
        ':v1': { S: 'S' },
      }),
    ).toEqual(new Set(['status']));
    expect(
      widenedAttributes('(#n0 <> :v0 AND attribute_exists(#n0) AND NOT attribute_type(#n0, :v1))', names, {
        ':v1': { S: 'NULL' },
      }),
    ).toEqual(new Set(['status']));
  });
  it('none for exact tests: IS NOT NULL, a typed <>, a number', () => {
    for (const filter of [
      '(attribute_exists(#n0) AND NOT attribute_type(#n0, :v0))',
      '(#n1 <> :v0 AND attribute_type(#n1, :v1))',
      '#n1 > :v0',
    ])
      expect(widenedAttributes(filter, names, { ':v0': { S: 'NULL' }, ':v1': { S: 'N' } }), filter).toEqual(
        new Set(),
      );
    expect(widenedAttributes(null, names, {})).toEqual(new Set());
  });
});

import { describe, expect, it } from 'vitest';
import { LosslessNumber } from '../api/lossless-json';
import type { SampledAttribute } from '../api/wire';
import { memberTypes, writtenType } from './dynamo-types';

describe('DynamoDB types of jsonb members', () => {
  it('names the type each JSON value is written as', () => {
    expect(['s', 1, new LosslessNumber('1'), true, null, [1], { a: 1 }].map((v) => writtenType(v))).toEqual([
      'S',
      'N',
      'N',
      'BOOL',
      'NULL',
      'L',
      'M',
    ]);
  });

  it('shows what the sample holds and flags a type the write would change', () => {
    const sampled: SampledAttribute[] = [
      { name: 'tags', types: { SS: 40 }, frequency: 0.4, suggestedType: 'jsonb' },
      { name: 'n', types: { N: 90 }, frequency: 0.9, suggestedType: 'numeric' },
    ];
    expect(memberTypes({ tags: ['a'], n: 2, other: 'x' }, sampled)).toEqual([
      { name: 'tags', written: 'L', sampled: ['SS'], changes: true },
      { name: 'n', written: 'N', sampled: ['N'], changes: false },
      { name: 'other', written: 'S', sampled: [], changes: false },
    ]);
    expect(memberTypes([1], sampled)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_SAMPLE_SIZE, tableQuery } from './table-query';

describe('tableQuery', () => {
  it('reads sampleSize as an integer', () => {
    expect(tableQuery.parse({})).toStrictEqual({});
    expect(tableQuery.parse({ sampleSize: '25' })).toStrictEqual({ sampleSize: 25 });
    expect(tableQuery.parse({ sampleSize: '0' })).toStrictEqual({ sampleSize: 0 });
  });
  it('refuses anything else with one message', () => {
    for (const sampleSize of ['-1', '2.5', 'many', String(MAX_SAMPLE_SIZE + 1), ['1', '2']]) {
      expect(tableQuery.safeParse({ sampleSize }).error?.issues[0]?.message).toBe(
        `"sampleSize" must be an integer from 0 to ${MAX_SAMPLE_SIZE}`,
      );
    }
  });
});

import { describe, expect, it } from 'vitest';
import { attributeValueSql } from './attribute-value';
import { averageShare, keySampleOf, sampledKeyAttributes, sampledShare, sampleValueKey } from './key-sample';

describe('key samples', () => {
  it('counts the GSI partition keys that are not the table partition key', () => {
    const info = {
      partitionKey: { name: 'pk', type: 'S' as const },
      indexes: [
        { name: 'a', kind: 'GSI' as const, partitionKey: { name: 'status', type: 'S' as const } },
        { name: 'b', kind: 'GSI' as const, partitionKey: { name: 'status', type: 'S' as const } },
        { name: 'c', kind: 'LSI' as const, partitionKey: { name: 'pk', type: 'S' as const } },
        { name: 'd', kind: 'GSI' as const, partitionKey: { name: 'pk', type: 'S' as const } },
      ].map((i) => ({
        ...i,
        sortKey: null,
        projection: 'ALL' as const,
        projectedAttributes: [],
        itemCount: null,
        sizeBytes: null,
      })),
    };
    expect(sampledKeyAttributes(info)).toEqual(['status']);
  });

  it('numbers DynamoDB takes as equal count as one value', () => {
    expect(sampleValueKey({ N: '12.50' })).toBe(sampleValueKey({ N: '12.5' }));
    expect(sampleValueKey({ S: '12.5' })).not.toBe(sampleValueKey({ N: '12.5' }));
    expect(sampleValueKey({ BOOL: true })).toBeNull();
  });

  it("a value's share is its count over the sampled items; an unseen value half an item", () => {
    const items = [
      ...Array.from({ length: 55 }, () => ({ status: { S: 'delivered' } })),
      ...Array.from({ length: 40 }, () => ({ status: { S: 'shipped' } })),
      ...Array.from({ length: 5 }, () => ({})),
    ];
    const sample = keySampleOf(items, ['status']);
    expect(sample).toEqual({ items: 100, counts: { status: { 'S:delivered': 55, 'S:shipped': 40 } } });
    expect(sampledShare(sample, 'status', [{ S: 'delivered' }], attributeValueSql)).toEqual({
      share: 0.55,
      why: "'delivered' in 55 of 100 sampled items",
    });
    expect(sampledShare(sample, 'status', [{ S: 'lost' }], attributeValueSql)).toEqual({
      share: 0.005,
      why: "'lost' in 0 of 100 sampled items",
    });
    expect(sampledShare(sample, 'kind', [{ S: 'x' }], attributeValueSql)).toBeNull();
    expect(sampledShare(undefined, 'status', [{ S: 'x' }], attributeValueSql)).toBeNull();
  });

  it('values a join has not read yet: one over the distinct values sampled', () => {
    const sample = keySampleOf(
      Array.from({ length: 100 }, (_, i) => ({ user_id: { S: `u${i % 40}` } })),
      ['user_id'],
    );
    expect(averageShare(sample, 'user_id')).toEqual({
      share: 1 / 40,
      why: '40 value(s) in 100 sampled items',
    });
    expect(averageShare(sample, 'status')).toBeNull();
    expect(averageShare(undefined, 'user_id')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { inspection } from '../test-support/inspection-fixture';
import { bytesText, countText, indexRow, inspectorSections } from './inspector-facts';

const fact = (label: string) =>
  inspectorSections(inspection)
    .flatMap((s) => s.facts)
    .find((f) => f.label === label);

describe('inspectorSections', () => {
  it('says how old the count and size can be', () => {
    expect(fact('Items')).toEqual({
      label: 'Items',
      value: '1,234,567',
      note: 'DynamoDB refreshes the item count and size about every 6 hours: they can be up to 6 hours older than this description (15:44:01 UTC).',
    });
    expect(fact('Size')!.value).toBe('5,000,000 bytes (4.8 MiB)');
  });

  it('shows capacity as DynamoDB reports it, and a refused call as unavailable with its reason', () => {
    expect(fact('Billing')!.value).toBe('On-demand');
    expect(fact('On-demand maximum')!.value).toBe('100 RCU/s, no limit');
    expect(fact('Warm throughput')!.value).toBe('12,000 reads/s, 4,000 writes/s (ACTIVE)');
    expect(fact('Provisioned')).toBeUndefined();
    expect(fact('Time to live')!.value).toBe('ENABLED on attribute expires_at');
    expect(fact('Point-in-time recovery')).toEqual({
      label: 'Point-in-time recovery',
      value:
        'unavailable: UnknownOperationException: An unknown operation was requested. (DescribeContinuousBackups orders)',
      unavailable: true,
    });
    expect(fact('Tags')!.value).toBe('team=core');
    expect(fact('Stream')!.value).toBe('off');
    expect(fact('Deletion protection')!.value).toBe('off');
    expect(fact('Created')!.value).toBe('2026-11-30 10:00:00 UTC');
  });

  it('a provisioned table shows its units', () => {
    const provisioned = inspectorSections({
      ...inspection,
      billingMode: 'PROVISIONED',
      provisioned: { readUnits: 5, writeUnits: 3 },
      warmThroughput: null,
    }).find((s) => s.title === 'Capacity')!.facts;
    expect(provisioned.map((f) => `${f.label}: ${f.value}`)).toEqual([
      'Billing: Provisioned',
      'Provisioned: 5 RCU, 3 WCU',
      'Warm throughput: not reported',
    ]);
  });
});

describe('indexRow', () => {
  it('a GSI with its keys, projection, status and capacity; an LSI with its table’s capacity', () => {
    expect(indexRow(inspection.indexes[0]!, 'PROVISIONED')).toEqual({
      name: 'by_status',
      kind: 'GSI',
      keys: 'status (S)',
      projection: 'INCLUDE total, items',
      status: 'ACTIVE (backfilling)',
      capacity: 'Provisioned: 2 RCU, 1 WCU; Warm throughput: not reported',
      items: '4,512',
      size: '2,048 bytes (2.0 KiB)',
    });
    expect(indexRow(inspection.indexes[1]!, 'PROVISIONED')).toMatchObject({
      keys: 'customer_id (S), placed (S)',
      status: '—',
      capacity: "the table's",
      items: 'not reported',
    });
  });
});

describe('number texts', () => {
  it('keep every digit', () => {
    expect(countText(0)).toBe('0');
    expect(bytesText(1)).toBe('1 byte');
    expect(bytesText(1023)).toBe('1,023 bytes');
  });
});

import { describe, expect, it } from 'vitest';
import { accessFacts, columnBadges, estimateDrift, operationTone, scanRatio, shortType } from './plan-view';
import type { CatalogSnapshot, WireScan } from '../api/wire';
import { scanPlan } from '../test-support/wire-fixtures';

describe('operationTone', () => {
  it('colours keyed reads green, index queries blue, scans amber', () => {
    expect(operationTone({ operation: 'Query', index: null })).toBe('green');
    expect(operationTone({ operation: 'GetItem', index: null })).toBe('green');
    expect(operationTone({ operation: 'BatchGetItem', index: null })).toBe('green');
    expect(operationTone({ operation: 'Query', index: 'by_status' })).toBe('blue');
    expect(operationTone({ operation: 'Scan', index: null })).toBe('amber');
    expect(operationTone({ operation: 'ParallelScan', index: null })).toBe('amber');
  });
});

describe('scanRatio', () => {
  it('reports items read per item returned', () => {
    expect(scanRatio({ scannedCount: 100, returnedCount: 4 })).toBe('25×');
    expect(scanRatio({ scannedCount: 3, returnedCount: 2 })).toBe('1.5×');
    expect(scanRatio({ scannedCount: 50, returnedCount: 0 })).toBe('50 : 0');
    expect(scanRatio({ scannedCount: null, returnedCount: null })).toBeNull();
  });
});

describe('columnBadges', () => {
  it('marks key columns of scanned tables', () => {
    const catalog: CatalogSnapshot = {
      schemas: ['dynamodb'],
      servers: [],
      tables: [
        {
          schema: 'dynamodb',
          name: 'users',
          kind: 'foreign',
          server: 's',
          dynamoTable: 'users',
          options: {},
          columns: [
            { name: 'id', type: 'text', notNull: true, keyRole: 'partition', catchAll: false },
            { name: '_attrs', type: 'jsonb', notNull: false, keyRole: null, catchAll: true },
          ],
        },
      ],
    };
    const scans = [{ relation: 'dynamodb.users' } as WireScan];
    expect(
      columnBadges(
        [
          { name: 'id', type: 'text' },
          { name: 'n', type: 'int4' },
          { name: '_attrs', type: 'jsonb' },
        ],
        scans,
        catalog,
      ),
    ).toEqual([
      { keyRole: 'partition', catchAll: false },
      { keyRole: null, catchAll: false },
      { keyRole: null, catchAll: true },
    ]);
  });
  it('shortens long type names', () => {
    expect(shortType('timestamp with time zone')).toBe('timestamptz');
  });
});

describe('accessFacts', () => {
  it('lists keys, partitions, segments, fetch-back, limit and consistency', () => {
    const base = scanPlan();
    expect(accessFacts(base)).toEqual([]);
    expect(accessFacts({ ...base, operation: 'BatchGetItem', keyCount: 3 })).toEqual(['3 keys']);
    expect(accessFacts({ ...base, segments: 4, limit: 10, consistentRead: true })).toEqual([
      '4 parallel segments',
      'limit 10',
      'strongly consistent',
    ]);
    expect(accessFacts({ ...base, operation: 'Query', partitionCount: 2, fetchBack: true })).toEqual([
      '2 partitions',
      'fetches items back from the table',
    ]);
  });
});

describe('estimateDrift', () => {
  it('flags estimates off by more than 2x either way', () => {
    expect(estimateDrift(2.5, 219)).toBeCloseTo(87.6);
    expect(estimateDrift(100, 10)).toBe(0.1);
    expect(estimateDrift(4, 5)).toBeNull();
    expect(estimateDrift(null, 5)).toBeNull();
    expect(estimateDrift(3, null)).toBeNull();
  });
});

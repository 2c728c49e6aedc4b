import { describe, expect, it } from 'vitest';
import { describeReason, guardDecision, mayRead } from './cost-guard';
import type { WireScan } from '../api/wire';
import { scanPlan } from '../test-support/wire-fixtures';

const scan = (
  operation: WireScan['operation'],
  estimatedRcu: number | null,
  index: string | null = null,
): WireScan => scanPlan({ relation: 'dynamodb.events', table: 'events', operation, index, estimatedRcu });

const settings = { scanRcuThreshold: 25 };

describe('guardDecision', () => {
  it('lets a cheap Scan and any Query through', () => {
    expect(
      guardDecision([{ sql: 'select * from e', plan: { scans: [scan('Scan', 10)] } }], settings).confirm,
    ).toBe(false);
    expect(
      guardDecision([{ sql: 'select * from e', plan: { scans: [scan('Query', 900)] } }], settings).confirm,
    ).toBe(false);
  });
  it('asks before a Scan above the threshold', () => {
    const d = guardDecision([{ sql: 'select * from e', plan: { scans: [scan('Scan', 120)] } }], settings);
    expect(d.confirm).toBe(true);
    expect(d.reasons).toEqual([
      {
        kind: 'scan',
        statementIndex: 0,
        relation: 'dynamodb.events',
        table: 'events',
        estimatedRcu: 120,
        threshold: 25,
      },
    ]);
    expect(d.totalEstimatedRcu).toBe(120);
  });
  it('honours a changed threshold', () => {
    const stmt = [{ sql: 'select 1', plan: { scans: [scan('ParallelScan', 120)] } }];
    expect(guardDecision(stmt, { scanRcuThreshold: 500 }).confirm).toBe(false);
    expect(guardDecision(stmt, { scanRcuThreshold: 100 }).confirm).toBe(true);
  });
  it('asks for a Scan whose cost cannot be estimated', () => {
    const d = guardDecision([{ sql: 'select 1', plan: { scans: [scan('Scan', null)] } }], settings);
    expect(d.confirm).toBe(true);
    expect(describeReason(d.reasons[0]!)).toContain('cannot be estimated');
  });
  it('asks before UPDATE/DELETE without WHERE, in any statement', () => {
    const d = guardDecision(
      [
        { sql: "delete from dynamodb.users where id = 'a'", plan: null },
        { sql: 'update dynamodb.users set n = 1', plan: null },
      ],
      settings,
    );
    expect(d.reasons).toEqual([{ kind: 'unfiltered-write', statementIndex: 1, command: 'UPDATE' }]);
  });
});

describe('mayRead', () => {
  it('is true for queries and DML, false for DDL', () => {
    expect(mayRead(['select 1'])).toBe(true);
    expect(mayRead(['create schema x', 'with t as (select 1) delete from u'])).toBe(true);
    expect(
      mayRead(['create foreign table t (a text) server s', 'import foreign schema d from server s into d']),
    ).toBe(false);
  });
});

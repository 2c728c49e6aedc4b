import { describe, expect, it } from 'vitest';
import { describeReason, firstPageRcu, guardDecision, mayRead, withItemCounts } from './cost-guard';
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
        firstPageRcu: 120,
        threshold: 25,
      },
    ]);
    expect(d.totalEstimatedRcu).toBe(120);
  });
  it('calls a full Scan a worst case and gives the cost of its first page', () => {
    const d = guardDecision([{ sql: 'select * from e', plan: { scans: [scan('Scan', 900)] } }], settings);
    const text = describeReason(d.reasons[0]!);
    expect(text).toContain('worst case ~900 RCU');
    expect(text).not.toContain('estimated');
    expect(text).toContain('first page (1 MB at most) costs up to ~128 RCU');
  });
  it('prices a first page at 1 MB: 128 RCU, 256 strongly consistent, one per parallel segment', () => {
    expect(firstPageRcu({ estimatedRcu: 900, consistentRead: false, segments: null })).toBe(128);
    expect(firstPageRcu({ estimatedRcu: 900, consistentRead: true, segments: null })).toBe(256);
    expect(firstPageRcu({ estimatedRcu: 900, consistentRead: false, segments: 4 })).toBe(512);
    expect(firstPageRcu({ estimatedRcu: 30, consistentRead: false, segments: null })).toBe(30);
    expect(firstPageRcu({ estimatedRcu: null, consistentRead: false, segments: null })).toBe(128);
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
  it('asks before UPDATE/DELETE without WHERE, in any statement, naming the table', () => {
    const users = scanPlan({
      relation: 'dynamodb.users',
      table: 'users',
      operation: 'Scan',
      estimatedRcu: 1,
    });
    const write = {
      relation: 'dynamodb.users',
      table: 'users',
      operation: 'UpdateItem' as const,
      condition: null,
      requests: 0,
      itemsWritten: 0,
      consumedWcu: 0,
    };
    const d = guardDecision(
      [
        { sql: "delete from dynamodb.users where id = 'a'", plan: { scans: [users], write } },
        { sql: 'update dynamodb.users set n = 1', plan: { scans: [users], write } },
      ],
      settings,
    );
    expect(d.reasons).toEqual([
      {
        kind: 'unfiltered-write',
        statementIndex: 1,
        command: 'UPDATE',
        relation: 'dynamodb.users',
        table: 'users',
        server: 'demo',
        itemCount: null,
        sampledItemCount: null,
      },
    ]);
    expect(describeReason(d.reasons[0]!)).toBe(
      'UPDATE without a WHERE clause changes every item of dynamodb.users (DynamoDB table users).',
    );
    const counted = withItemCounts(d, new Map([['dynamodb.users', 1000]]));
    expect(describeReason(counted.reasons[0]!)).toBe(
      "UPDATE without a WHERE clause changes every item of dynamodb.users (DynamoDB table users): about 1,000 items by DynamoDB's count (refreshed about every 6 hours).",
    );
    // DynamoDB Local and dynalite report 0 items: not a count.
    expect(withItemCounts(d, new Map([['dynamodb.users', 0]])).reasons[0]).toMatchObject({ itemCount: null });
  });
  it("names the planner's sampled count where DynamoDB reports none (the demo on dynalite)", () => {
    const users = scanPlan({ relation: 'public.users', table: 'users', server: 'demo' });
    const sampled = { ...users, estimateBasis: 'sampled' as const, tableItemCount: 912 };
    const write = {
      relation: 'public.users',
      table: 'users',
      operation: 'DeleteItem' as const,
      condition: null,
      requests: 0,
      itemsWritten: 0,
      consumedWcu: 0,
    };
    const d = guardDecision([{ sql: 'delete from users', plan: { scans: [sampled], write } }], settings);
    expect(describeReason(d.reasons[0]!)).toBe(
      "DELETE without a WHERE clause deletes every item of public.users (DynamoDB table users): about 912 items by the planner's sample (DynamoDB reports no count).",
    );
    // DynamoDB's own count, when it has one, is the one named.
    expect(describeReason(withItemCounts(d, new Map([['public.users', 1000]])).reasons[0]!)).toContain(
      "about 1,000 items by DynamoDB's count",
    );
  });
  it('does not ask for an UPDATE/DELETE the engine could not plan (an unknown table: it fails)', () => {
    const d = guardDecision([{ sql: 'delete from no_such_table', plan: null }], settings);
    expect(d.confirm).toBe(false);
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

import { describe, expect, it } from 'vitest';
import {
  describeReason,
  firstPageRcu,
  guardDecision,
  guardInputs,
  mayRead,
  withItemCounts,
} from './cost-guard';
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

describe('statements that read or write DynamoDB through another statement', () => {
  const write = (relation = 'dynamodb.events') =>
    ({
      relation,
      table: 'events',
      operation: 'UpdateItem',
      condition: null,
      requests: 0,
      itemsWritten: 0,
      consumedWcu: 0,
    }) as const;
  it("asks before a data-modifying WITH's UPDATE or DELETE without WHERE, not one with", () => {
    const plan = { scans: [scan('Scan', 10)], write: write() };
    const d = guardDecision(
      [{ sql: 'with u as (update events set n = 1 returning *) select * from u', plan }],
      settings,
    );
    expect(d.confirm).toBe(true);
    expect(d.reasons).toMatchObject([
      { kind: 'unfiltered-write', command: 'UPDATE', relation: 'dynamodb.events' },
    ]);
    const del = guardDecision(
      [{ sql: 'with d as (delete from events returning *) select count(*) from d', plan }],
      settings,
    );
    expect(del.reasons).toMatchObject([{ kind: 'unfiltered-write', command: 'DELETE' }]);
    expect(
      guardDecision([{ sql: "with u as (update events set n = 1 where id = 'a') select 1", plan }], settings)
        .confirm,
    ).toBe(false);
  });
  it("asks for EXPLAIN ANALYZE's Scan and write, never for EXPLAIN's", () => {
    const plan = { scans: [scan('Scan', 900)], write: write() };
    const analyzed = guardDecision([{ sql: 'explain analyze delete from events', plan }], settings);
    expect(analyzed.reasons.map((r) => r.kind)).toEqual(['unfiltered-write', 'scan']);
    expect(guardDecision([{ sql: 'explain delete from events', plan }], settings).confirm).toBe(false);
    expect(guardDecision([{ sql: 'explain (analyze off) delete from events', plan }], settings).confirm).toBe(
      false,
    );
  });
  it('asks for the Scans of EXECUTE, CREATE TABLE AS, SELECT INTO, COPY (query) TO, DECLARE, DO, CALL', () => {
    for (const sql of [
      'execute s',
      'create temp table x as select * from events',
      'create materialized view v as select * from events',
      'select * into temp y from events',
      'copy (select * from events) to stdout',
      'declare c cursor for select * from events',
      'do $$ begin perform count(*) from events; end $$',
      'call p()',
    ]) {
      const d = guardDecision([{ sql, plan: { scans: [scan('Scan', 2216)] } }], settings);
      expect([sql, d.reasons.map((r) => r.kind)]).toEqual([sql, ['scan']]);
    }
  });
  it('asks when it cannot know what a statement reads: REFRESH MATERIALIZED VIEW without a plan', () => {
    const d = guardDecision([{ sql: 'refresh materialized view v', plan: null }], settings);
    expect(d.confirm).toBe(true);
    expect(describeReason(d.reasons[0]!)).toBe(
      'Statement 1 (REFRESH) may read or write DynamoDB, but the engine cannot plan what REFRESH reads: what it reads, writes and costs is not known before it runs.',
    );
  });
  it('asks for an EXECUTE the explain could not plan and what follows it, or for every statement when the explain failed', () => {
    const scripted = [
      'prepare w as update events set n = 1',
      'execute w',
      'set x = 1',
      'select * from events',
    ];
    const inputs = guardInputs(scripted, {
      statements: [{ plan: null } as never],
      error: { statementIndex: 1, message: 'prepared statement "w" does not exist' } as never,
    });
    const d = guardDecision(inputs, settings);
    expect(d.reasons.map((r) => [r.kind, r.statementIndex])).toEqual([
      ['unplanned', 1],
      ['unplanned', 3],
    ]);
    expect(describeReason(d.reasons[0]!)).toContain(
      'the explain stopped at statement 2: prepared statement "w" does not exist',
    );
    const failed = guardDecision(guardInputs(['select * from events', 'begin'], null), settings);
    expect(failed.reasons).toMatchObject([
      { kind: 'unplanned', statementIndex: 0, why: 'the explain failed' },
    ]);
    // Another statement's error stops the run too: it fails, nothing asks.
    const unknownTable = guardInputs(['select * from nosuch', 'select * from events'], {
      statements: [],
      error: { statementIndex: 0, message: 'relation "nosuch" does not exist' } as never,
    });
    expect(guardDecision(unknownTable, settings).confirm).toBe(false);
  });
  it('plans a script when any statement may reach DynamoDB', () => {
    expect(mayRead(['set x = 1', 'explain analyze select * from events'])).toBe(true);
    expect(mayRead(['execute s'])).toBe(true);
    expect(mayRead(['do $$ begin end $$'])).toBe(true);
    expect(mayRead(['set x = 1', 'explain select * from events', 'begin'])).toBe(false);
  });
});

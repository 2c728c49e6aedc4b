import { describe, expect, it } from 'vitest';
import type { Host, HostResult } from '../host/host';
import { FreshSessions } from './fresh-sessions';
import { Session } from './session';
import { parseOne } from '../parse/parse';
import { TableCache } from './table-cache';

/**
 * A host that answers the settings and collation queries, and whether a function of the user's may SET
 * (`userSets`), and records every statement.
 */
function fakeHost(log: string[], userSets = false): Host {
  const result = (rows: (string | null)[][]): HostResult => ({ fields: [], rows, affectedRows: undefined });
  return {
    async query(sql: string) {
      log.push(sql);
      if (sql.includes('prosrc')) return result([[userSets ? 't' : 'f']]);
      if (sql.includes('current_setting'))
        return result([['on', null, null, '10', null, null, null, null, null, null, 'escape', null, null]]);
      if (sql.includes('datcollate')) return result([['C']]);
      return result([]);
    },
    async exec(sql: string) {
      log.push(sql);
    },
    inTransaction: () => false,
  } as unknown as Host;
}

describe('Session', () => {
  it('keeps relations, plans and settings while statements cannot change the catalog', async () => {
    const log: string[] = [];
    const session = new Session(fakeHost(log), new TableCache());
    await session.beforeStatement('SelectStmt');
    const first = session.view();
    first.relationCache.set('"t"', { kind: 'other', columns: [] });
    first.relationCache.set('"missing"', null);
    expect(await first.settings()).toEqual({
      consistentRead: 'on',
      index: null,
      scanSegments: null,
      maxStatementRcu: '10',
      retryBudgetSeconds: null,
      maxRcuPerSecond: null,
      maxWcuPerSecond: null,
      maxStatementWcu: null,
      byteaOutput: 'escape',
      capacityNotices: true,
      confirmWritesOver: null,
      pricePerMillionRru: null,
      pricePerMillionWru: null,
      fairShare: 'auto',
      pageFilters: null,
      dateStyle: '',
      timeZone: '',
      statementTimeoutMs: 0,
      reported: {
        application_name: '',
        server_version: '',
        server_encoding: '',
        client_encoding: '',
        DateStyle: '',
        IntervalStyle: '',
        TimeZone: '',
        integer_datetimes: '',
        standard_conforming_strings: '',
      },
    });
    session.afterStatement('SelectStmt', true);

    await session.beforeStatement('InsertStmt');
    const second = session.view();
    expect(session.epoch).toBe(0);
    expect(second.relationCache.get('"t"')).toEqual({ kind: 'other', columns: [] });
    expect(second.relationCache.has('"missing"')).toBe(true);
    expect(second.relationCache.get('"missing"')).toBeNull();
    expect(second.planCache).toBe(first.planCache);
    await second.settings();
    expect(log.filter((s) => s.includes('current_setting'))).toHaveLength(1);
  });

  it('takes an EXECUTE of a statement it keeps as its query: a SELECT keeps the epoch, one calling a user function ends it', async () => {
    const session = new Session(fakeHost([]), new TableCache());
    const execute = (name: string) => parseOne(`execute ${name}('a')`);
    const listing = { statement: '', preparedAt: '', resultTypes: null };
    const text = { paramTypes: ['pg_catalog.text'], paramOids: [25] };
    session.named.prepare('q', 'select * from items where pk = $1', text, listing);
    await session.beforeStatement(
      'PrepareStmt',
      parseOne('prepare q (text) as select * from items where pk = $1'),
    );
    await session.afterStatement('PrepareStmt');
    await session.beforeStatement('ExecuteStmt', execute('q'));
    await session.afterStatement('ExecuteStmt');
    expect(session.epoch).toBe(1); // the first statement's host work counts (not from the items alone)
    session.named.prepare('f', 'select my_ddl($1)', text, listing);
    await session.beforeStatement('ExecuteStmt', execute('f'));
    expect(session.epoch).toBe(1);
    await session.afterStatement('ExecuteStmt');
    expect(session.epoch).toBe(2);
    // One the host keeps for the session is its PREPARE's query too.
    session.named.keptByHost('h', '__dsp_1', 'prepare h (text) as select $1 || $1');
    await session.beforeStatement('ExecuteStmt', execute('h'));
    await session.afterStatement('ExecuteStmt');
    expect(session.epoch).toBe(2);
    session.named.keptByHost('g', '__dsp_2', 'prepare g (text) as select my_ddl($1)');
    await session.beforeStatement('ExecuteStmt', execute('g'));
    await session.afterStatement('ExecuteStmt');
    expect(session.epoch).toBe(3);
    // A name it does not know: it may be anything.
    await session.beforeStatement('ExecuteStmt', execute('unknown'));
    expect(session.epoch).toBe(4);
  });

  it('starts a new epoch after a statement the host ran part of when a function of the user’s may SET', async () => {
    for (const userSets of [false, true]) {
      const log: string[] = [];
      const session = new Session(fakeHost(log, userSets), new TableCache());
      await session.beforeStatement('VariableSetStmt');
      await session.afterStatement('VariableSetStmt');
      const epoch = session.epoch;
      await session.beforeStatement('SelectStmt', parseOne('select * from v'));
      await session.afterStatement('SelectStmt');
      // Answered from the items alone: the host ran no user code.
      await session.beforeStatement('SelectStmt', parseOne('select * from v'));
      await session.afterStatement('SelectStmt', true);
      expect([userSets, session.epoch - epoch]).toEqual([userSets, userSets ? 1 : 0]);
      // Asked once in the catalog generation (a CREATE FUNCTION begins a new one).
      expect(log.filter((s) => s.includes('prosrc'))).toHaveLength(1);
    }
  });

  it('starts a new epoch before and after a statement that may change the catalog', async () => {
    const log: string[] = [];
    const session = new Session(fakeHost(log), new TableCache());
    const before = session.view();
    before.relationCache.set('"t"', null);
    await before.settings();

    await session.beforeStatement('VariableSetStmt');
    expect(session.epoch).toBe(1);
    const during = session.view();
    expect(during.relationCache.has('"t"')).toBe(false);
    expect(during.planCache).not.toBe(before.planCache);
    await during.settings();
    expect(log.filter((s) => s.includes('current_setting'))).toHaveLength(2);
    // What the statement itself looked up belongs to the catalog it was changing.
    during.relationCache.set('"t"', null);
    session.afterStatement('VariableSetStmt');
    expect(session.epoch).toBe(2);
    expect(session.view().relationCache.has('"t"')).toBe(false);
  });

  it('shares lookups among sessions that changed nothing, while each statement is answered from the items alone', async () => {
    const log: string[] = [];
    const fresh = new FreshSessions();
    const x = new Session(fakeHost(log), new TableCache(), { fresh });
    const y = new Session(fakeHost(log), new TableCache(), { fresh });
    x.view().relationCache.set('"t"', null);
    await x.view().settings();
    await x.beforeStatement('SelectStmt');
    x.afterStatement('SelectStmt', true);
    expect(y.view().relationCache.has('"t"')).toBe(true);
    await y.view().settings();
    expect(log.filter((s) => s.includes('current_setting'))).toHaveLength(1);
    // A SET is its session's own: the others keep what they share.
    await y.beforeStatement('VariableSetStmt');
    y.afterStatement('VariableSetStmt', true);
    expect(y.view().relationCache.has('"t"')).toBe(false);
    expect(x.view().relationCache.has('"t"')).toBe(true);
    // The host ran part of X's statement (a view's function may SET or run DDL): X leaves, the rest look up anew.
    const z = new Session(fakeHost(log), new TableCache(), { fresh });
    await x.beforeStatement('SelectStmt');
    x.afterStatement('SelectStmt', false);
    expect(x.epoch).toBe(1);
    expect(z.view().relationCache.has('"t"')).toBe(false);
    z.view().relationCache.set('"u"', null);
    expect(x.view().relationCache.has('"u"')).toBe(false);
  });

  it('drops the free pooled temp tables before a statement that may change the catalog', async () => {
    const log: string[] = [];
    const host = fakeHost(log);
    const session = new Session(host, new TableCache());
    const view = session.view();
    const name = await view.temps.acquire(host, '"a" text');
    expect(name).toBe('__ds_1');
    await view.temps.release(host, [name]);
    await session.beforeStatement('SelectStmt');
    expect(log.some((s) => s.includes('drop table'))).toBe(false);
    await session.beforeStatement('DiscardStmt');
    // In a read-write block of its own: default_transaction_read_only may be on (temp-tables.ts hostDdl).
    expect(log.at(-1)).toBe('begin read write; drop table if exists pg_temp."__ds_1"; commit');
    expect(view.nextTempName()).toBe('__ds_2');
  });

  it('reads the default collation once', async () => {
    const log: string[] = [];
    const session = new Session(fakeHost(log), new TableCache());
    expect(await session.view().defaultCollationIsC()).toBe(true);
    await session.beforeStatement('CreateStmt');
    expect(await session.view().defaultCollationIsC()).toBe(true);
    expect(log.filter((s) => s.includes('datcollate'))).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { loadWarmParser, parseScript } from '../parse/parse';
import { ImplicitBlock, readsOnly, transactionModes } from './implicit-block';

await loadWarmParser();
const node = (sql: string): unknown => parseScript(sql)[0]!.node;
/** The step for `sql`. */
const step = (block: ImplicitBlock, sql: string, inBlock: boolean) => block.before(node(sql), sql, inBlock);

describe('ImplicitBlock', () => {
  it("opens before a message's first statement; BEGIN, COMMIT, ROLLBACK outside any block are the host's", () => {
    const block = new ImplicitBlock('message');
    expect(step(block, 'commit', false)).toEqual({ kind: 'run', begin: false });
    expect(block.isOpen).toBe(false);
    expect(step(block, 'select 1', false)).toEqual({ kind: 'run', begin: true });
    expect(block.isOpen).toBe(true);
    expect(step(block, 'select 2', true)).toEqual({ kind: 'run', begin: false });
    // A block an earlier message opened goes on as it is.
    expect(step(new ImplicitBlock('message'), 'select 1', true)).toEqual({ kind: 'run', begin: false });
    // A single statement is no block.
    expect(step(new ImplicitBlock('none'), 'select 1', false)).toEqual({ kind: 'run', begin: false });
  });

  it("closes at COMMIT or ROLLBACK with Postgres's warning, and refuses savepoints and AND CHAIN (25P01)", () => {
    const block = new ImplicitBlock('message');
    step(block, 'create table t ()', false);
    expect(step(block, 'rollback', true)).toEqual({
      kind: 'run',
      begin: false,
      notice: 'there is no transaction in progress',
    });
    expect(block.isOpen).toBe(false);
    step(block, 'create table t ()', false);
    for (const [sql, message] of [
      ['savepoint a', 'SAVEPOINT can only be used in transaction blocks'],
      ['release a', 'RELEASE SAVEPOINT can only be used in transaction blocks'],
      ['rollback to a', 'ROLLBACK TO SAVEPOINT can only be used in transaction blocks'],
      ['commit and chain', 'COMMIT AND CHAIN can only be used in transaction blocks'],
    ] as const)
      expect(() => step(block, sql, true)).toThrow(expect.objectContaining({ sqlstate: '25P01', message }));
  });

  it('turns a BEGIN into joining the block, with its modes for SET TRANSACTION', () => {
    const block = new ImplicitBlock('message');
    step(block, 'select 1', false);
    expect(step(block, 'begin', true)).toEqual({ kind: 'join', modes: null });
    const sql = 'start transaction /* c */ isolation level serializable, read only';
    expect(step(block, sql, true)).toEqual({
      kind: 'join',
      modes: 'isolation level serializable, read only',
    });
  });

  it("opens a pipeline's block at its first statement that may change something, not at reads", () => {
    const block = new ImplicitBlock('pipeline');
    expect(step(block, 'select 1', false)).toEqual({ kind: 'run', begin: false });
    expect(step(block, 'show timezone', false)).toEqual({ kind: 'run', begin: false });
    expect(block.isOpen).toBe(false);
    expect(step(block, "set timezone = 'UTC'", false)).toEqual({ kind: 'run', begin: true });
    expect(step(block, 'select 2', true)).toEqual({ kind: 'run', begin: false });
    // SET LOCAL and the like get Postgres's warning: a pipeline's transaction is no block.
    expect(step(block, 'set local timezone = 1', true)).toEqual({
      kind: 'run',
      begin: false,
      notice: 'SET LOCAL can only be used in transaction blocks',
    });
    expect(step(block, 'set transaction read only', true)).toMatchObject({
      notice: 'SET TRANSACTION can only be used in transaction blocks',
    });
    expect(step(block, 'set local transaction read only', true)).toMatchObject({
      notice: 'SET TRANSACTION can only be used in transaction blocks',
    });
    expect(step(block, "set transaction snapshot '00000003-00000002-1'", true)).toMatchObject({
      notice: 'SET TRANSACTION can only be used in transaction blocks',
    });
    expect(step(block, 'set constraints all deferred', true)).toMatchObject({
      notice: 'SET CONSTRAINTS can only be used in transaction blocks',
    });
    // Not SESSION CHARACTERISTICS, LOCAL or not; SET LOCAL TRANSACTION SNAPSHOT is the host's 0A000.
    for (const sql of [
      'set session characteristics as transaction read only',
      'set local session characteristics as transaction read only',
      "set local transaction snapshot '00000003-00000002-1'",
    ])
      expect(step(block, sql, true)).toEqual({ kind: 'run', begin: false });
    const message = new ImplicitBlock('message');
    expect(step(message, 'set local timezone = 1', false)).toEqual({ kind: 'run', begin: true });
    // ... or at a query calling a function of the user's, which may write.
    const calls = new ImplicitBlock('pipeline');
    expect(calls.before(node('select f()'), 'select f()', false, { callsUserFunction: true })).toEqual({
      kind: 'run',
      begin: true,
    });
    // COMMIT ends it, as in a message; the next write opens another.
    expect(step(block, 'commit', true)).toMatchObject({ notice: 'there is no transaction in progress' });
    expect(step(block, 'insert into t values (1)', false)).toEqual({ kind: 'run', begin: true });
  });

  it('refuses in a pipeline what Postgres refuses outside a transaction block, and VACUUM after a statement', () => {
    const block = new ImplicitBlock('pipeline');
    // First in its pipeline: the host runs it.
    expect(step(block, 'vacuum', false)).toEqual({ kind: 'run', begin: false });
    expect(() => step(block, 'vacuum t', false)).toThrow(
      expect.objectContaining({ sqlstate: '25001', message: 'VACUUM cannot be executed within a pipeline' }),
    );
    expect(() => step(block, 'create index concurrently i on t (a)', false)).toThrow(
      expect.objectContaining({ message: 'CREATE INDEX CONCURRENTLY cannot be executed within a pipeline' }),
    );
    // ANALYZE is no VACUUM.
    expect(step(block, 'analyze t', false)).toEqual({ kind: 'run', begin: true });
    for (const [sql, message] of [
      ['declare c cursor for select 1', 'DECLARE CURSOR can only be used in transaction blocks'],
      ['lock table t', 'LOCK TABLE can only be used in transaction blocks'],
      ['savepoint a', 'SAVEPOINT can only be used in transaction blocks'],
    ] as const)
      expect(() => step(block, sql, true)).toThrow(expect.objectContaining({ sqlstate: '25P01', message }));
    expect(step(block, 'declare c cursor with hold for select 1', true)).toEqual({
      kind: 'run',
      begin: false,
    });
    // First of a pipeline too: no transaction block to declare it in (the host's block would take it).
    expect(() => step(new ImplicitBlock('pipeline'), 'declare c cursor for select 1', false)).toThrow(
      expect.objectContaining({ sqlstate: '25P01' }),
    );
    // DISCARD ALL first runs outside any block; a CALL opens it (what it did rolls back with the rest)
    // unless its procedure may COMMIT, which it cannot in a block.
    expect(step(new ImplicitBlock('pipeline'), 'call p()', false)).toEqual({ kind: 'run', begin: true });
    expect(
      new ImplicitBlock('pipeline').before(node('call p()'), 'call p()', false, {
        callEndsTransaction: true,
      }),
    ).toEqual({ kind: 'run', begin: false });
    expect(step(new ImplicitBlock('pipeline'), 'discard all', false)).toEqual({ kind: 'run', begin: false });
    // A regular block's COMMIT begins a new transaction: VACUUM is first in it.
    const regular = new ImplicitBlock('pipeline');
    step(regular, 'select 1', false);
    step(regular, 'begin', false);
    step(regular, 'commit', true);
    expect(step(regular, 'vacuum', false)).toEqual({ kind: 'run', begin: false });
  });

  it("opens a pipeline's block for a BEGIN with modes after its reads, which took Postgres's snapshot", () => {
    const block = new ImplicitBlock('pipeline');
    expect(step(block, 'begin isolation level serializable', false)).toEqual({ kind: 'run', begin: false });
    const after = new ImplicitBlock('pipeline');
    step(after, 'select 1', false);
    expect(step(after, 'begin', false)).toEqual({ kind: 'run', begin: false });
    expect(step(after, 'begin read only', false)).toEqual({ kind: 'join', modes: 'read only', begin: true });
  });

  it('takes SELECT, SHOW, EXPLAIN, FETCH as reads, and what writes inside them as no read', () => {
    for (const sql of ['select 1', 'show all', 'explain select 1', 'fetch 1 from c', 'close c'])
      expect([sql, readsOnly(node(sql))]).toEqual([sql, true]);
    for (const sql of [
      'select * into u from t',
      'select * from t for update',
      'with d as (delete from t returning *) select * from d',
      'explain analyze select 1',
      'set x.y = 1',
      'create table u ()',
      'execute p',
    ])
      expect([sql, readsOnly(node(sql))]).toEqual([sql, false]);
  });

  it('reads the modes of BEGIN, BEGIN WORK and START TRANSACTION', () => {
    expect(transactionModes('begin work read only')).toBe('read only');
    expect(transactionModes('BEGIN deferrable')).toBe('deferrable');
    expect(transactionModes('begin')).toBeNull();
  });
});

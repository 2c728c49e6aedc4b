import { describe, expect, it } from 'vitest';
import type { TransactionStmt } from '@pgsql/types';
import { loadWarmParser, parseScript } from '../parse/parse';
import { as } from '../parse/ast';
import { ImplicitBlock, readsOnly, transactionModes } from './implicit-block';

await loadWarmParser();
const txn = (sql: string): TransactionStmt | undefined => as(parseScript(sql)[0]!.node, 'TransactionStmt');
/** The step for `sql` (changing something unless `reads`). */
const step = (block: ImplicitBlock, sql: string, inBlock: boolean, reads = false) =>
  block.before(txn(sql), sql, reads, inBlock);

describe('ImplicitBlock', () => {
  it("opens before a message's first statement that changes something; BEGIN, COMMIT, ROLLBACK outside any block are the host's", () => {
    const block = new ImplicitBlock(true);
    expect(step(block, 'commit', false)).toEqual({ kind: 'run', begin: false });
    // Reads need no block (on PGlite an open one holds the host's one connection).
    expect(step(block, 'select 1', false, true)).toEqual({ kind: 'run', begin: false });
    expect(block.isOpen).toBe(false);
    expect(step(block, 'create table t ()', false)).toEqual({ kind: 'run', begin: true });
    expect(block.isOpen).toBe(true);
    expect(step(block, 'select 2', true, true)).toEqual({ kind: 'run', begin: false });
    // A block an earlier message opened goes on as it is.
    expect(step(new ImplicitBlock(true), 'create table t ()', true)).toEqual({ kind: 'run', begin: false });
    // A single statement is no block.
    expect(step(new ImplicitBlock(false), 'create table t ()', false)).toEqual({ kind: 'run', begin: false });
  });

  it("closes at COMMIT or ROLLBACK with Postgres's warning, and refuses savepoints and AND CHAIN (25P01)", () => {
    const block = new ImplicitBlock(true);
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

  it('turns a BEGIN into joining the block, with its modes for SET TRANSACTION; after reads only, opening it first', () => {
    const block = new ImplicitBlock(true);
    step(block, 'create table t ()', false);
    expect(step(block, 'begin', true)).toEqual({ kind: 'join', modes: null, begin: false });
    const sql = 'start transaction /* c */ isolation level serializable, read only';
    expect(step(block, sql, true)).toEqual({
      kind: 'join',
      modes: 'isolation level serializable, read only',
      begin: false,
    });
    const reads = new ImplicitBlock(true);
    step(reads, 'select 1', false, true);
    expect(step(reads, 'begin', false)).toEqual({ kind: 'run', begin: false });
    const moded = new ImplicitBlock(true);
    step(moded, 'select 1', false, true);
    expect(step(moded, 'begin read only', false)).toEqual({ kind: 'join', modes: 'read only', begin: true });
  });

  it('reads the modes of BEGIN, BEGIN WORK and START TRANSACTION', () => {
    expect(transactionModes('begin work read only')).toBe('read only');
    expect(transactionModes('BEGIN deferrable')).toBe('deferrable');
    expect(transactionModes('begin')).toBeNull();
  });
});

describe('readsOnly', () => {
  it.each([
    ['select count(*) from t', true],
    ['show timezone', true],
    ['explain select 1', true],
    ['explain analyze select 1', false],
    ['select 1 into x', false],
    ['select * from t for update', false],
    ['with d as (delete from t returning *) select * from d', false],
    ['set timezone = utc', false],
    ['insert into t values (1)', false],
    ['fetch 1 from c', false],
  ])('%s → %s', (sql, expected) => {
    expect(readsOnly(parseScript(sql)[0]!.node)).toBe(expected);
  });
});

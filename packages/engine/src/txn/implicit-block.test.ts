import { describe, expect, it } from 'vitest';
import type { TransactionStmt } from '@pgsql/types';
import { loadWarmParser, parseScript } from '../parse/parse';
import { as } from '../parse/ast';
import { ImplicitBlock, transactionModes } from './implicit-block';

await loadWarmParser();
const txn = (sql: string): TransactionStmt | undefined => as(parseScript(sql)[0]!.node, 'TransactionStmt');
/** The step for `sql`. */
const step = (block: ImplicitBlock, sql: string, inBlock: boolean) => block.before(txn(sql), sql, inBlock);

describe('ImplicitBlock', () => {
  it("opens before a message's first statement; BEGIN, COMMIT, ROLLBACK outside any block are the host's", () => {
    const block = new ImplicitBlock(true);
    expect(step(block, 'commit', false)).toEqual({ kind: 'run', begin: false });
    expect(block.isOpen).toBe(false);
    expect(step(block, 'select 1', false)).toEqual({ kind: 'run', begin: true });
    expect(block.isOpen).toBe(true);
    expect(step(block, 'select 2', true)).toEqual({ kind: 'run', begin: false });
    // A block an earlier message opened goes on as it is.
    expect(step(new ImplicitBlock(true), 'select 1', true)).toEqual({ kind: 'run', begin: false });
    // A single statement is no block.
    expect(step(new ImplicitBlock(false), 'select 1', false)).toEqual({ kind: 'run', begin: false });
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

  it('turns a BEGIN into joining the block, with its modes for SET TRANSACTION', () => {
    const block = new ImplicitBlock(true);
    step(block, 'select 1', false);
    expect(step(block, 'begin', true)).toEqual({ kind: 'join', modes: null });
    const sql = 'start transaction /* c */ isolation level serializable, read only';
    expect(step(block, sql, true)).toEqual({
      kind: 'join',
      modes: 'isolation level serializable, read only',
    });
  });

  it('reads the modes of BEGIN, BEGIN WORK and START TRANSACTION', () => {
    expect(transactionModes('begin work read only')).toBe('read only');
    expect(transactionModes('BEGIN deferrable')).toBe('deferrable');
    expect(transactionModes('begin')).toBeNull();
  });
});

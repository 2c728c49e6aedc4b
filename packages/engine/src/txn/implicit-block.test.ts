import { describe, expect, it } from 'vitest';
import type { TransactionStmt } from '@pgsql/types';
import { loadWarmParser, parseScript } from '../parse/parse';
import { as } from '../parse/ast';
import { ImplicitBlock, transactionModes } from './implicit-block';

await loadWarmParser();
const txn = (sql: string): TransactionStmt | undefined => as(parseScript(sql)[0]!.node, 'TransactionStmt');

describe('ImplicitBlock', () => {
  it("opens before a message's first statement, and a BEGIN, COMMIT or ROLLBACK outside any block is the host's", () => {
    const block = new ImplicitBlock(true);
    expect(block.before(txn('commit'), 'commit', false)).toEqual({ kind: 'run', begin: false });
    expect(block.isOpen).toBe(false);
    expect(block.before(undefined, 'select 1', false)).toEqual({ kind: 'run', begin: true });
    expect(block.isOpen).toBe(true);
    expect(block.before(undefined, 'select 2', true)).toEqual({ kind: 'run', begin: false });
    // A block an earlier message opened goes on as it is.
    expect(new ImplicitBlock(true).before(undefined, 'select 1', true)).toEqual({
      kind: 'run',
      begin: false,
    });
    // A single statement is no block.
    expect(new ImplicitBlock(false).before(undefined, 'select 1', false)).toEqual({
      kind: 'run',
      begin: false,
    });
  });

  it("closes at COMMIT or ROLLBACK with Postgres's warning, and refuses savepoints and AND CHAIN (25P01)", () => {
    const block = new ImplicitBlock(true);
    block.before(undefined, 'select 1', false);
    expect(block.before(txn('rollback'), 'rollback', true)).toEqual({
      kind: 'run',
      begin: false,
      notice: 'there is no transaction in progress',
    });
    expect(block.isOpen).toBe(false);
    block.before(undefined, 'select 1', false);
    for (const [sql, message] of [
      ['savepoint a', 'SAVEPOINT can only be used in transaction blocks'],
      ['release a', 'RELEASE SAVEPOINT can only be used in transaction blocks'],
      ['rollback to a', 'ROLLBACK TO SAVEPOINT can only be used in transaction blocks'],
      ['commit and chain', 'COMMIT AND CHAIN can only be used in transaction blocks'],
    ] as const)
      expect(() => block.before(txn(sql), sql, true)).toThrow(
        expect.objectContaining({ sqlstate: '25P01', message }),
      );
  });

  it('turns a BEGIN into joining the block, with its modes for SET TRANSACTION', () => {
    const block = new ImplicitBlock(true);
    block.before(undefined, 'select 1', false);
    expect(block.before(txn('begin'), 'begin', true)).toEqual({ kind: 'join', modes: null });
    const sql = 'start transaction /* c */ isolation level serializable, read only';
    expect(block.before(txn(sql), sql, true)).toEqual({
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

import { describe, expect, it } from 'vitest';
import type { ServerDef } from '../catalog/foreign-table';
import { ForeignTransaction, MAX_TRANSACTION_BYTES, MAX_TRANSACTION_ITEMS } from './foreign-transaction';
import type { PendingWrite } from './pending-write';

const server: ServerDef = { oid: 1, name: 'one', options: {} };
const other: ServerDef = { oid: 2, name: 'two', options: {} };
const put = (id: string, bytes = 1, on = server): PendingWrite => ({
  server: on.oid,
  table: 'T',
  relation: 'public.t',
  key: { id: { S: id } },
  condition: { kind: 'none' },
  operation: { kind: 'put', item: { id: { S: id }, v: { S: 'x'.repeat(bytes) } } },
});

describe('ForeignTransaction', () => {
  it('holds one composed write per item, in first-write order', () => {
    const t = new ForeignTransaction();
    t.hold(put('a'), server);
    t.hold(put('b'), server);
    t.hold({ ...put('a'), operation: { kind: 'delete' } }, server);
    expect(t.writes().map((w) => [w.key.id!.S, w.operation.kind])).toEqual([
      ['a', 'delete'],
      ['b', 'put'],
    ]);
    expect(t.server).toBe(server);
  });

  it(`refuses item ${MAX_TRANSACTION_ITEMS + 1} and more than 4 MB with 54000, holding nothing of that write`, () => {
    const t = new ForeignTransaction();
    for (let i = 0; i < MAX_TRANSACTION_ITEMS; i++) t.hold(put(`k${i}`), server);
    expect(() => t.hold(put('one-more'), server)).toThrow(expect.objectContaining({ sqlstate: '54000' }));
    // Writing an item held already adds nothing.
    t.hold(put('k0', 2), server);
    expect(t.size).toBe(MAX_TRANSACTION_ITEMS);
    const big = new ForeignTransaction();
    big.hold(put('a', MAX_TRANSACTION_BYTES / 2), server);
    expect(() => big.hold(put('b', MAX_TRANSACTION_BYTES / 2), server)).toThrow(
      expect.objectContaining({ sqlstate: '54000' }),
    );
    expect(big.size).toBe(1);
  });

  it('refuses a second DynamoDB server (0A000)', () => {
    const t = new ForeignTransaction();
    t.hold(put('a'), server);
    expect(() => t.hold(put('b', 1, other), other)).toThrow(expect.objectContaining({ sqlstate: '0A000' }));
  });

  it('savepoints: ROLLBACK TO restores the held writes and un-aborts the block; RELEASE keeps them', () => {
    const t = new ForeignTransaction();
    t.hold(put('a'), server);
    t.savepoint('s1');
    t.hold(put('b'), server);
    t.savepoint('s2');
    t.hold(put('c'), server);
    t.failed = true;
    t.rollbackTo('s1');
    expect(t.writes().map((w) => w.key.id!.S)).toEqual(['a']);
    expect(t.failed).toBe(false);
    // s2 is gone with the rollback to s1; s1 stays.
    t.hold(put('d'), server);
    t.rollbackTo('s2');
    expect(t.size).toBe(2);
    t.release('s1');
    t.rollbackTo('s1');
    expect(t.size).toBe(2);
    t.reset();
    expect([t.size, t.server]).toEqual([0, null]);
  });
});

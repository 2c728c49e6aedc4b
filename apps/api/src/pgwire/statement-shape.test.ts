import { describe, expect, it } from 'vitest';
import { endsTransaction, firstKeyword, isDescribable, isPreparable, savepointEnd } from './statement-shape';

describe('statement shape', () => {
  it('finds the first keyword past comments and parentheses', () => {
    expect(firstKeyword('/* c */ -- x\n ((SELECT 1))')).toBe('select');
    expect(isPreparable('with x as (select 1) select * from x')).toBe(true);
    expect(isPreparable('begin')).toBe(false);
    expect(isPreparable('set dynascope.index = x')).toBe(false);
  });

  it('describes the statements that answer rows', () => {
    expect(isDescribable('select 1 as x')).toBe(true);
    expect(isDescribable('show timezone')).toBe(true);
    expect(isDescribable('/* c */ explain select 1')).toBe(true);
    expect(isDescribable('begin')).toBe(false);
  });

  it('tells the statements that end their transaction (and the portals with it)', () => {
    for (const sql of ['commit', 'END work', 'rollback and chain', 'abort', "prepare transaction 'x'"])
      expect([sql, endsTransaction(sql)]).toEqual([sql, true]);
    for (const sql of [
      'rollback to savepoint a',
      'rollback work to a',
      "commit prepared 'x'",
      'prepare transaction as select 1',
      'select 1',
      'begin',
    ])
      expect([sql, endsTransaction(sql)]).toEqual([sql, false]);
  });

  it('tells what a statement does to a savepoint (and the portals bound since)', () => {
    const cases = [
      ['rollback to savepoint a', 'rollback-to'],
      ['ROLLBACK WORK TO a', 'rollback-to'],
      ['rollback transaction to savepoint a', 'rollback-to'],
      ['release savepoint a', 'release'],
      ['RELEASE a', 'release'],
      ['rollback', null],
      ['rollback and chain', null],
      ['savepoint a', null],
      ['select 1', null],
    ];
    for (const [sql, end] of cases) expect([sql, savepointEnd(sql!)]).toEqual([sql, end]);
  });
});

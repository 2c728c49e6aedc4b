import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../../parse/parse';
import { selectShape } from './select-shape';

beforeAll(() => loadParser());

const shape = (sql: string) => selectShape(parseOne(sql));

describe('selectShape: the one reading of a SELECT the statement shapes start from', () => {
  it('a plain SELECT over one relation, with its constant LIMIT and OFFSET', () => {
    expect(shape('select a from t where x = 1 limit 5 offset 2')).toMatchObject({
      plain: true,
      ordered: false,
      limited: true,
      limit: 5,
      offset: 2,
      withTies: false,
    });
    expect(shape('select a from t')).toMatchObject({ plain: true, limited: false, limit: null, offset: 0 });
    expect(shape('select a from t')!.relations).toHaveLength(1);
    expect(shape('select a from t order by a fetch first 1 rows with ties')).toMatchObject({
      ordered: true,
      withTies: true,
      limit: 1,
    });
  });

  it('not plain: anything that needs all rows, or more than one row per input row', () => {
    for (const sql of [
      'select distinct a from t',
      'select a, count(*) from t group by a',
      'select a from t union select a from u',
      'with c as (select 1) select a from t',
      'select a from t for update',
      'select a into x from t',
      'select count(*) from t having count(*) > 1',
      'select a from t window w as (order by a)',
    ]) {
      expect(shape(sql)!.plain, sql).toBe(false);
    }
  });

  it('LIMIT ALL/NULL is no limit; a LIMIT or OFFSET that is not a constant is unknown', () => {
    expect(shape('select a from t limit all')).toMatchObject({ limited: true, limit: null });
    expect(shape('select a from t limit null')!.limit).toBeNull();
    expect(shape('select a from t limit $1')!.limit).toBeUndefined();
    expect(shape('select a from t offset 1 + 1')!.offset).toBeUndefined();
    expect(shape('select a from t, u')!.relations).toHaveLength(2);
    expect(shape('select a from t join u using (a)')!.relations).toBeNull();
    expect(shape('insert into t values (1)')).toBeNull();
  });
});

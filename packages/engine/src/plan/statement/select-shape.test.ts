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
    // A negative constant is an error Postgres raises (2201W, 2201X): left to it, as unknown.
    expect(shape('select a from t limit -1')!.limit).toBeUndefined();
    expect(shape('select a from t offset -1')!.offset).toBeUndefined();
    expect(shape('select a from t limit 0')!.limit).toBe(0);
    expect(shape('select a from t, u')!.relations).toHaveLength(2);
    expect(shape('select a from t join u using (a)')!.relations).toBeNull();
    expect(shape('insert into t values (1)')).toBeNull();
  });

  it('the select list, ORDER BY, a lone count(*) and the calls, read once', () => {
    const s = shape(
      "select a, t.b as x, t.*, *, a + 1 as y, 'k', lower(c), c::text from t order by a desc nulls last, 2, b using >",
    )!;
    expect(s.targets).toEqual([
      { kind: 'column', fields: ['a'], name: null, outputName: 'a' },
      { kind: 'column', fields: ['t', 'b'], name: 'x', outputName: 'x' },
      { kind: 'star', qualifier: ['t'], name: null, outputName: null },
      { kind: 'star', qualifier: [], name: null, outputName: null },
      { kind: 'other', name: 'y', constant: false, outputName: 'y' },
      { kind: 'other', name: null, constant: true, outputName: '?column?' },
      { kind: 'other', name: null, constant: false, outputName: 'lower' },
      { kind: 'other', name: null, constant: false, outputName: undefined },
    ]);
    expect(s.order).toEqual([
      { column: ['a'], position: null, direction: 'desc', nulls: 'last' },
      { column: null, position: 2, direction: 'default', nulls: 'default' },
      { column: ['b'], position: null, direction: 'using', nulls: 'default' },
    ]);
    expect(s.countStar).toBeNull();
    expect(s.listCalls).toBe(true);
    expect(shape('select count(*) as n from t')!.countStar).toBe('n');
    expect(shape('select count(*) from t')!.countStar).toBe('count');
    expect(shape('select count(*) filter (where a > 1) from t')!.countStar).toBeNull();
    expect(shape('select count(a) from t')!.countStar).toBeNull();
    expect(shape('select count(*), 1 from t')!.countStar).toBeNull();
  });

  it('the functions called, and what needs more than the row at hand', () => {
    const s = shape('select upper(a), public.lower(b) from t where length(c) > 1')!;
    expect([...s.calls].sort()).toEqual(['length', 'lower', 'upper']);
    expect(s).toMatchObject({ listCalls: true, needsOtherRows: false });
    expect(shape('select a from t where b = (select 1)')).toMatchObject({
      listCalls: false,
      needsOtherRows: true,
    });
    for (const sql of [
      'select count(*) from t',
      'select sum(distinct a) from t',
      'select string_agg(a, b order by a) from t',
      'select row_number() over () from t',
    ])
      expect(shape(sql)!.needsOtherRows, sql).toBe(true);
  });
});

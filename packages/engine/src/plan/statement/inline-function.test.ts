import { describe, expect, it } from 'vitest';
import { parseOne } from '../../parse/parse';
import { callArguments, fromCalls, inlinedCallSql, inlinedParameter } from './inline-function';

describe('fromCalls', () => {
  const calls = (sql: string) => [...fromCalls(parseOne(sql)).entries()];

  it('finds the calls standing alone in FROM, with their alias and LATERAL', () => {
    expect(calls('select * from f(1)')).toEqual([[14, { lateral: false, alias: null, plain: true }]]);
    expect(calls('select * from t, lateral app.f(t.a) as x(b)')).toEqual([
      [25, { lateral: true, alias: 'x', plain: true }],
    ]);
    // A call elsewhere is none of them.
    expect(calls('select f(1), (select 1 from t where g(2))')).toEqual([]);
  });

  it('marks what Postgres does not inline: ORDINALITY, ROWS FROM, a column definition list', () => {
    expect(calls('select * from f(1) with ordinality')[0]![1].plain).toBe(false);
    expect(calls('select * from rows from (f(1))')[0]![1].plain).toBe(false);
    expect(calls('select * from f(1) as x(a int)')[0]![1].plain).toBe(false);
  });
});

describe('inlinedCallSql', () => {
  it('reads the body as a subquery of the declared columns, each argument once in a VALUES row', () => {
    const shape = {
      inputs: [{ name: 'lo', type: 'integer', default: null }],
      outputs: [
        { name: 'id', type: 'text' },
        { name: 'twice', type: 'bigint' },
      ],
      scalar: false,
    };
    expect(
      inlinedCallSql(
        shape,
        ['h.v + 1'],
        `select id, v * 2 from ft where v >= ${inlinedParameter(0)}`,
        'f',
        false,
      ),
    ).toBe(
      'lateral (select __ds_body."c1"::text AS "id", __ds_body."c2"::bigint AS "twice" from ' +
        '(values ((h.v + 1)::integer)) __ds_args("p1") cross join lateral ' +
        '(select id, v * 2 from ft where v >= __ds_args."p1") __ds_body("c1", "c2"))',
    );
  });

  it('names a scalar result after the call, and writes LATERAL once', () => {
    const shape = { inputs: [], outputs: [{ name: null, type: 'text' }], scalar: true };
    expect(inlinedCallSql(shape, [], 'select id from ft', 'ids', true)).toBe(
      '(select __ds_body."c1"::text AS "ids" from (select id from ft) __ds_body("c1"))',
    );
  });
});

describe('callArguments', () => {
  const shape = {
    inputs: [
      { name: 'lo', type: 'integer', default: null },
      { name: 'hi', type: 'integer', default: '10' },
    ],
    outputs: [{ name: null, type: 'text' }],
    scalar: true,
  };
  const args = (sql: string) => {
    const call = (
      parseOne(sql) as {
        SelectStmt: { targetList: { ResTarget: { val: { FuncCall: { args: unknown[] } } } }[] };
      }
    ).SelectStmt.targetList[0]!.ResTarget.val.FuncCall;
    return callArguments(shape, call.args, (node) => Object.keys(node as object)[0]!);
  };

  it('takes arguments by position, then by name, then the defaults', () => {
    // textOf here gives the node's kind; a default is its expression.
    expect(args('select f(1)')).toEqual([
      { text: 'A_Const', constant: true },
      { text: '10', constant: false },
    ]);
    expect(args('select f(hi => 2, lo => t.a)')).toEqual([
      { text: 'ColumnRef', constant: false },
      { text: 'A_Const', constant: true },
    ]);
  });

  it('is null for a missing argument, one given twice, or a name of no parameter', () => {
    expect(args('select f(hi => 2)')).toBeNull();
    expect(args('select f(1, lo => 2)')).toBeNull();
    expect(args('select f(1, x => 2)')).toBeNull();
    expect(args('select f(1, 2, 3)')).toBeNull();
  });
});

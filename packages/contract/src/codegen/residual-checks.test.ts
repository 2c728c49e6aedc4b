import { describe, expect, it } from 'vitest';
import { residualChecks } from './residual-checks';

const one = (sql: string) => residualChecks([sql], ['o', 'orders'])[0];

describe('residualChecks', () => {
  it('reads comparisons of a column with a constant, qualified or not', () => {
    expect(one("o.status <> 'closed'")).toEqual({
      kind: 'compare',
      sql: "o.status <> 'closed'",
      attribute: 'status',
      op: '<>',
      value: { type: 'S', text: 'closed' },
    });
    expect(one('total >= -1.5')).toMatchObject({
      attribute: 'total',
      op: '>=',
      value: { type: 'N', text: '-1.5' },
    });
    expect(one('"Total" != 3')).toMatchObject({ attribute: 'Total', op: '<>' });
    expect(one("note = 'it''s'")).toMatchObject({ value: { type: 'S', text: "it's" } });
    expect(one('active = true')).toMatchObject({ value: { type: 'BOOL', value: true } });
    expect(one("order_date > '2024-01'::text")).toMatchObject({ kind: 'compare', attribute: 'order_date' });
  });

  it('reads IS NULL, IN, BETWEEN and a LIKE prefix', () => {
    expect(one('note is null')).toMatchObject({ kind: 'null', attribute: 'note', isNull: true });
    expect(one('note IS NOT NULL')).toMatchObject({ kind: 'null', isNull: false });
    expect(one("status in ('a', 'b')")).toMatchObject({
      kind: 'in',
      values: [
        { type: 'S', text: 'a' },
        { type: 'S', text: 'b' },
      ],
    });
    expect(one('total between 1 and 2.5')).toMatchObject({
      kind: 'between',
      low: { type: 'N', text: '1' },
      high: { type: 'N', text: '2.5' },
    });
    expect(one("name like 'Ann%'")).toMatchObject({ kind: 'prefix', attribute: 'name', prefix: 'Ann' });
  });

  it('leaves everything else a comment', () => {
    for (const sql of [
      "lower(name) = 'ann'",
      "name like '%nn'",
      "name like 'A_n%'",
      "name ilike 'ann%'",
      'a = b',
      'total + 1 > 3',
      "x.status = 'open'",
      "status = 'open' or total > 3",
      "name = E'a\\nb'",
      "d > '2024-01-01'::timestamptz",
      'total > (select 1)',
    ])
      expect(one(sql), sql).toEqual({ kind: 'comment', sql });
  });
});

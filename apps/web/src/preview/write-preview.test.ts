import { LosslessNumber } from '@dynascope/contract';
import { describe, expect, it } from 'vitest';
import { previewStatement, writePlan } from '../test-support/preview-fixtures';
import { scanPlan } from '../test-support/wire-fixtures';
import {
  changedColumns,
  previewColumns,
  previewFacts,
  previewHeadline,
  previewIndexes,
  previewNeed,
  previewSides,
  replacedText,
} from './write-preview';

const orders = (
  operation: 'Query' | 'Scan' | 'GetItem',
  estimatedRcu: number | null,
  write = writePlan(),
) => ({
  scans: [scanPlan({ relation: 'public.orders', table: 'orders', operation, estimatedRcu })],
  write,
});

describe('previewNeed', () => {
  it('previews an UPDATE or DELETE of a foreign table, not an INSERT or a read', () => {
    expect(
      previewNeed(
        [{ sql: "update orders set status = 'x' where customer_id = 'c1'", plan: orders('Query', 2) }],
        25,
      ),
    ).toBe('preview');
    expect(previewNeed([{ sql: 'delete from orders', plan: orders('Scan', null) }], 25)).toBe('preview');
    const insert = orders('GetItem', 1, writePlan({ operation: 'PutItem' }));
    expect(previewNeed([{ sql: "insert into orders values ('c1', 'd')", plan: insert }], 25)).toBe('none');
    expect(previewNeed([{ sql: 'select * from orders', plan: { scans: orders('Scan', 3).scans } }], 25)).toBe(
      'none',
    );
  });
  it('does not preview an UPDATE/DELETE of a host table (no DynamoDB write) or one that could not be planned', () => {
    expect(previewNeed([{ sql: 'delete from local_notes', plan: { scans: [] } }], 25)).toBe('none');
    expect(previewNeed([{ sql: 'delete from no_such_table', plan: null }], 25)).toBe('none');
  });
  it('does not read the rows twice when the write finds them with a Scan above the threshold', () => {
    const statements = [{ sql: 'delete from orders where total > 5', plan: orders('Scan', 900) }];
    expect(previewNeed(statements, 25)).toBe('too-expensive');
    expect(previewNeed(statements, 1000)).toBe('preview');
  });
});

describe('previewIndexes', () => {
  it('finds each previewed statement in the script, in order, whatever its spacing and semicolon', () => {
    const script = [
      'select 1',
      "update t set n = 1 where id = 'a';",
      'begin',
      "update t set n = 1 where id = 'a'",
    ];
    const sql = "update t set n = 1 where id = 'a'";
    expect(previewIndexes(script, [{ sql }, { sql }])).toEqual([1, 3]);
  });
  it('a text it cannot find takes the place after the previous one', () => {
    expect(
      previewIndexes(['delete from t', 'x'], [{ sql: 'delete from t' }, { sql: 'something else' }]),
    ).toEqual([0, 1]);
  });
  it('takes the API’s statementIndex over the text, which the engine may print differently', () => {
    // The same text twice: by text the second preview would be statement 1; the API says 2.
    const script = [
      "update t set n = 1 where id = 'a'",
      "update t set n = 1 where id = 'a'",
      'UPDATE  t SET n=2',
    ];
    expect(
      previewIndexes(script, [
        { statementIndex: 0, sql: "update t set n = 1 where id = 'a'" },
        { statementIndex: 2, sql: 'update t set n = 2' },
      ]),
    ).toEqual([0, 2]);
    // Mixed: a preview without an index is looked for after the previous one.
    expect(previewIndexes(script, [{ statementIndex: 1, sql: 'x' }, { sql: 'UPDATE  t SET n=2' }])).toEqual([
      1, 2,
    ]);
  });
});

describe('the sample', () => {
  it('lists the columns of before and after in the order they appear', () => {
    const insert = previewStatement({
      command: 'INSERT',
      sample: [
        { before: null, after: { id: 'a', n: 1 } },
        { before: null, after: { id: 'b', extra: true } },
      ],
    });
    expect(previewColumns(insert)).toEqual(['id', 'n', 'extra']);
  });
  it('marks the cells an UPDATE changes, numbers compared by every digit', () => {
    expect(changedColumns(previewStatement().sample[0]!)).toEqual(new Set(['status']));
    expect(changedColumns(previewStatement().sample[1]!)).toEqual(new Set());
    const big = (digits: string) => new LosslessNumber(digits);
    const row = {
      before: { id: 'a', v: big('12345678901234567890123456789012345678'), j: { a: [1] } },
      after: { id: 'a', v: big('12345678901234567890123456789012345679'), j: { a: [1] }, added: 'x' },
    };
    expect(changedColumns(row)).toEqual(new Set(['v', 'added']));
  });
  it('a DELETE or a new item changes no single cell: the row goes or comes as a whole', () => {
    expect(changedColumns({ before: { id: 'a' }, after: null })).toEqual(new Set());
    expect(changedColumns({ before: null, after: { id: 'a' } })).toEqual(new Set());
  });
  it('shows a DELETE before only, an INSERT after only, an UPDATE both', () => {
    expect(previewSides('DELETE')).toEqual({ before: true, after: false });
    expect(previewSides('INSERT')).toEqual({ before: false, after: true });
    expect(previewSides('UPDATE')).toEqual({ before: true, after: true });
  });
  it('says how many existing items an INSERT replaces: exact when every row is shown', () => {
    const insert = previewStatement({
      command: 'INSERT',
      rowCount: 2,
      sample: [
        { before: { id: 'a', n: 1 }, after: { id: 'a', n: 2 } },
        { before: null, after: { id: 'b', n: 1 } },
      ],
    });
    expect(replacedText(insert)).toBe('replaces 1 existing item');
    expect(replacedText({ ...insert, rowCount: 500 })).toBe('1 of the first 2 rows replace an existing item');
    expect(replacedText({ ...insert, sample: [insert.sample[1]!] })).toBeNull();
    expect(replacedText(previewStatement())).toBeNull();
  });
});

describe('what the dialog says', () => {
  it('says the exact count and the table', () => {
    expect(previewHeadline(previewStatement({ rowCount: 1234 }))).toBe(
      'Changes 1,234 rows of public.orders (DynamoDB table orders).',
    );
    expect(previewHeadline(previewStatement({ command: 'DELETE', rowCount: 1, hasWhere: true }))).toBe(
      'Deletes 1 row of public.orders (DynamoDB table orders).',
    );
    expect(previewHeadline(previewStatement({ command: 'DELETE', rowCount: 50, hasWhere: false }))).toBe(
      'DELETE without a WHERE clause deletes every item of public.orders (DynamoDB table orders): 50 rows.',
    );
    expect(previewHeadline(previewStatement({ rowCount: 1, hasWhere: false }))).toBe(
      'UPDATE without a WHERE clause changes every item of public.orders (DynamoDB table orders): 1 row.',
    );
    expect(previewHeadline(previewStatement({ command: 'INSERT', rowCount: 3 }))).toBe(
      'Inserts 3 rows into public.orders.',
    );
  });
  it('gives the estimated WCU, atomic or batched, and the read that finds the rows with its RCU', () => {
    expect(previewFacts(previewStatement())).toEqual([
      '~4 WCU estimated',
      'batched as it runs, not atomic (outside BEGIN … COMMIT)',
      'finding the rows (Query of orders) read 0.5 RCU',
    ]);
    expect(previewFacts(previewStatement({ atomic: true, estimatedWcu: 1500 }))[0]).toBe(
      '~1,500 WCU estimated',
    );
    const insert = previewStatement({ command: 'INSERT', plan: { scans: [] }, consumedRcu: 2 });
    expect(previewFacts(insert)[2]).toBe('looking up the items it would replace read 2 RCU');
    expect(previewFacts(previewStatement({ atomic: true }))[1]).toBe(
      'atomic: held until COMMIT, applied all or nothing',
    );
  });
});

describe("previewNeed of a data-modifying WITH's write", () => {
  it('previews it as the plain UPDATE, and no EXPLAIN ANALYZE', () => {
    const plan = { scans: [], write: writePlan() };
    expect(
      previewNeed([{ sql: 'with u as (update t set n = 1 returning *) select * from u', plan }], 25),
    ).toBe('preview');
    expect(previewNeed([{ sql: 'explain analyze update t set n = 1', plan }], 25)).toBe('none');
  });
});

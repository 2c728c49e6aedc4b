import { beforeAll, describe, expect, it } from 'vitest';
import { bindForeignOccurrences, type ResolvedRelation } from '../../bind/bind';
import { findRangeVars, type RangeVarFields } from '../../bind/range-vars';
import type { ColumnDef, ForeignTableDef } from '../../catalog/foreign-table';
import { FULL_READ } from '../../fetch/read-request';
import { loadParser, parseOne, scanTokens } from '../../parse/parse';
import type { ScanPlan } from '../../types';
import { chooseAccess } from '../access-path';
import type { TableInfo } from '../key-schema';
import { selectShape } from './select-shape';
import type { PlannedScan } from './statement-plan';
import { decideShape, type ShapeDecision } from './statement-shape';

beforeAll(() => loadParser());

/*
 * SQL in → statement shape out, with no host and no DynamoDB: the statement is parsed and bound
 * (bind/bind.ts), each relation's read chosen by the planner (plan/access-path.ts) over fixtures of
 * two tables' key schemas and sizes, and the shape decided (statement-shape.ts).
 *   orders: partition key customer_id (S), sort key order_date (S), GSI by_status (status)
 *   users:  partition key user_id (S)
 * The database's collation is C, as the engine's host (text compares bytewise, so it is pushed).
 */

const column = (name: string, typname: string, typmod = -1): ColumnDef => ({
  name,
  type: typname,
  typname,
  elementTypname: null,
  typmod,
  notNull: false,
  collation: typname === 'text' ? 'default' : null,
});
const server = { oid: 1, name: 's', options: {} };
const TABLES: Record<string, { def: ForeignTableDef; info: TableInfo }> = {
  orders: {
    def: {
      oid: 10,
      schema: 'd',
      name: 'orders',
      server,
      options: { table: 'orders' },
      columns: [
        column('customer_id', 'text'),
        column('order_date', 'text'),
        column('status', 'text'),
        column('total', 'numeric'),
        column('placed', 'timestamptz'),
      ],
    },
    info: {
      name: 'orders',
      partitionKey: { name: 'customer_id', type: 'S' },
      sortKey: { name: 'order_date', type: 'S' },
      indexes: [
        {
          name: 'by_status',
          kind: 'GSI',
          partitionKey: { name: 'status', type: 'S' },
          sortKey: null,
          projection: 'ALL',
          projectedAttributes: [],
          itemCount: 200,
          sizeBytes: 30_000,
        },
      ],
      itemCount: 200,
      sizeBytes: 30_000,
      billingMode: 'PAY_PER_REQUEST',
    },
  },
  users: {
    def: {
      oid: 11,
      schema: 'd',
      name: 'users',
      server,
      options: { table: 'users' },
      columns: [column('user_id', 'text'), column('name', 'text')],
    },
    info: {
      name: 'users',
      partitionKey: { name: 'user_id', type: 'S' },
      sortKey: null,
      indexes: [],
      itemCount: 200,
      sizeBytes: 24_000,
      billingMode: 'PAY_PER_REQUEST',
    },
  },
};

/** The statement's reads as the planner makes them (the fields of a scan the decision reads). */
function plannedScans(sql: string) {
  const ast = parseOne(sql);
  const rangeVars = findRangeVars(ast);
  const resolved = new Map<RangeVarFields, ResolvedRelation>(
    rangeVars.map((r) => [r.fields, { kind: 'foreign', table: TABLES[r.fields.relname]!.def }]),
  );
  const occurrences = bindForeignOccurrences({
    ast,
    text: sql,
    tokens: scanTokens(sql),
    rangeVars,
    resolved,
    defaultCollationIsC: true,
  });
  const scans = occurrences
    .filter((o) => !(o.writeTarget && /^insert/i.test(sql)))
    .map((occurrence): PlannedScan => {
      const { info } = TABLES[occurrence.table.name]!;
      const access = chooseAccess({
        predicates: occurrence.predicates,
        table: info,
        stats: {
          itemCount: info.itemCount!,
          sizeBytes: info.sizeBytes!,
          avgItemBytes: 150,
          basis: 'describe-table',
          note: 'fixture',
        },
        projection: null,
        consistent: false,
        hint: null,
      });
      const p = access.pushdown;
      return {
        occurrence,
        info,
        access,
        input: { TableName: info.name, ...(p.filter && { FilterExpression: p.filter }) },
        read: FULL_READ,
        plan: { residual: p.residual } as unknown as ScanPlan,
        avgItemBytes: 150,
        tempTable: '',
        keyNames: [],
      };
    });
  return { ast, scans, writes: occurrences.some((o) => o.writeTarget) };
}

function shapeOf(
  sql: string,
  facts: { overlaid?: boolean; aggregateOrSetCalls?: boolean; pageFilters?: boolean } = {},
) {
  const { ast, scans, writes } = plannedScans(sql);
  return decideShape(selectShape(ast), {
    scans,
    writes,
    overlaid: facts.overlaid ?? false,
    aggregateOrSetCalls: facts.aggregateOrSetCalls ?? false,
    session: {
      defaultCollationIsC: true,
      settings: { byteaOutput: 'hex', pageFilters: facts.pageFilters === false ? 'off' : null } as never,
    },
  });
}

const CASES: readonly [string, ShapeDecision['shape']][] = [
  // DynamoDB counts: count(*) alone, every conjunct pushed exactly.
  ['select count(*) from orders where total > 100', 'count'],
  ["select count(*) as n from orders where customer_id = 'c1'", 'count'],
  ["select count(*) from orders where lower(status) = 'open'", 'host'],
  ['select count(*) from orders limit 1', 'host'],
  // LIMIT 0: no row is pulled, nothing is read, whatever would compute the rows.
  ['select count(*) from orders limit 0', 'read-nothing'],
  ["select * from orders where customer_id = 'c1' order by order_date limit 0", 'read-nothing'],
  ['select status, count(*) from orders group by status limit 0', 'read-nothing'],
  ['select o.total from orders o join users u on u.user_id = o.customer_id limit 0', 'read-nothing'],
  ['select * from orders order by total fetch first 0 rows with ties', 'read-nothing'],
  ['select * from orders limit 0 offset 5', 'read-nothing'],
  ["update orders set total = 0 where customer_id = 'c1'", 'write'],
  ['select count(distinct status) from orders', 'host'],
  // Rows from the items: columns alone, every conjunct pushed, ORDER BY the sort key of one partition.
  ["select order_date, total from orders where customer_id = 'c1'", 'rows-from-items'],
  ['select u.name, user_id from users u limit 3', 'rows-from-items'],
  [
    "select order_date from orders where customer_id = 'c1' order by order_date desc limit 2",
    'rows-from-items',
  ],
  [
    "select order_date as d from orders where customer_id = 'c1' order by customer_id, order_date",
    'rows-from-items',
  ],
  // A timestamptz column the engine does not output itself (`*` includes one).
  ["select placed from orders where customer_id = 'c1'", 'stream-through-host'],
  ["select * from orders where customer_id = 'c1'", 'stream-through-host'],
  ["select * from orders where status = 'open' order by order_date", 'host'],
  // ORDER BY names the output column order_date, which is total: not the sort key's order (a top N by total).
  [
    "select total as order_date from orders where customer_id = 'c1' order by order_date limit 1",
    'streaming-evaluation',
  ],
  ["select * from orders where customer_id = 'c1' order by order_date using > limit 1", 'host'],
  // WITH TIES: the engine keeps the first item and every item tied with it (no sort-key Limit can).
  [
    "select * from orders where customer_id = 'c1' order by order_date fetch first 1 rows with ties",
    'streaming-evaluation',
  ],
  // Streams through the host: a row per item, a constant LIMIT, no ORDER BY.
  ['select upper(name) from users limit 3 offset 1', 'stream-through-host'],
  ["select * from orders where lower(status) = 'open'", 'stream-through-host'],
  ['select name from users limit $1', 'host'],
  ['select (select 1) from users', 'host'],
  // The sort key's order answers ORDER BY ... LIMIT for the host: a Query that stops after n items.
  [
    "select order_date, total * 2 from orders where customer_id = 'c1' order by order_date limit 2",
    'key-order-limit',
  ],
  // The engine joins two relations' items: key equalities, columns alone, nothing else local.
  [
    "select o.order_date, u.name from orders o join users u on u.user_id = o.customer_id where o.customer_id = 'c1'",
    'engine-hash-join',
  ],
  ['select u.*, o.total from orders o, users u where u.user_id = o.customer_id', 'engine-hash-join'],
  ['select o.total * 2, u.name from orders o join users u on u.user_id = o.customer_id', 'host'],
  ['select o.total, u.name from orders o left join users u on u.user_id = o.customer_id', 'host'],
  ['select o.total, u.name from orders o join users u on u.user_id = o.customer_id order by 1', 'host'],
  ['select o.placed, u.name from orders o join users u on u.user_id = o.customer_id', 'host'],
  // The engine keeps one item per DISTINCT value, or the top N, while reading; the host finishes.
  ['select distinct status from orders', 'streaming-evaluation'],
  ['select * from orders order by total desc nulls last, 1 limit 10', 'streaming-evaluation'],
  ["select distinct status from orders where lower(status) = 'a'", 'host'],
  ['select upper(status) from orders order by total limit 10', 'host'],
  // Anything else: loaded, then run in the host (the engine may still aggregate while reading).
  ['select status, count(*) from orders group by status', 'host'],
  ['select name from users union select status from orders', 'host'],
  // Writes.
  ["update orders set total = 1 where customer_id = 'c1'", 'write'],
  ["delete from orders where customer_id = 'c1'", 'write'],
  ["insert into users (user_id, name) values ('u1', 'a')", 'write'],
];

describe('decideShape: SQL in, statement shape out', () => {
  it.each(CASES)('%s → %s', (sql, shape) => {
    expect(shapeOf(sql).shape).toBe(shape);
  });

  it('what each shape carries: the count column, the rows and direction, the join keys, the window, the Limit, the top N', () => {
    expect(shapeOf('select count(*) as n from orders')).toEqual({ shape: 'count', column: 'n' });
    const rows = shapeOf(
      "select order_date as d from orders where customer_id = 'c1' order by order_date desc limit 2 offset 1",
    );
    expect(rows).toMatchObject({ shape: 'rows-from-items', rows: { limit: 2, offset: 1, descending: true } });
    expect(rows.shape === 'rows-from-items' && rows.rows.columns.map((c) => [c.def.name, c.name])).toEqual([
      ['order_date', 'd'],
    ]);
    const join = shapeOf('select o.total, u.name from orders o join users u on u.user_id = o.customer_id');
    expect(
      join.shape === 'engine-hash-join' && join.join.keys.map((k) => [k.left.name, k.right.name]),
    ).toEqual([['customer_id', 'user_id']]);
    expect(shapeOf('select upper(name) from users limit 3 offset 1')).toEqual({
      shape: 'stream-through-host',
      window: { limit: 3, offset: 1 },
    });
    expect(
      shapeOf(
        "select order_date, total * 2 from orders where customer_id = 'c1' order by order_date desc limit 2 offset 3",
      ),
    ).toEqual({ shape: 'key-order-limit', maxItems: 5, descending: true });
    const top = shapeOf('select * from orders order by total desc limit 10 offset 2');
    expect(top.shape === 'streaming-evaluation' && top.evaluation).toMatchObject({
      kind: 'top-n',
      keep: 12,
      keys: [{ column: { name: 'total' }, descending: true, nullsFirst: true }],
    });
  });

  it("a top-N's threshold: later requests ask only for items that can still enter, where DynamoDB orders the attribute as Postgres orders the column", () => {
    const threshold = (sql: string) => {
      const d = shapeOf(sql);
      return d.shape === 'streaming-evaluation' && d.evaluation.kind === 'top-n'
        ? d.evaluation.threshold
        : 'no top-N';
    };
    expect(threshold('select * from orders order by total desc limit 10')).toEqual({
      attribute: 'total',
      type: 'N',
      typed: false,
      descending: true,
    });
    // Text in the C collation: UTF-8 byte order, DynamoDB's for S.
    expect(threshold('select * from orders order by status, total limit 3')).toEqual({
      attribute: 'status',
      type: 'S',
      typed: false,
      descending: false,
    });
    // Only the first key is compared: later keys break its ties in the engine.
    expect(threshold('select * from orders order by total nulls first, status desc limit 3')).toMatchObject({
      attribute: 'total',
      descending: false,
    });
    // A Query of one partition filters its later pages too.
    expect(threshold("select * from orders where customer_id = 'c1' order by total limit 2")).toMatchObject({
      attribute: 'total',
    });
    // A Query sorted first by a key attribute (of the table, of the index): DynamoDB refuses a filter on it.
    expect(
      threshold("select * from orders where customer_id = 'c1' order by order_date, total limit 2"),
    ).toBeNull();
    expect(threshold("select * from orders where status = 'open' order by status, total limit 2")).toBeNull();
    // A Scan may filter on its keys, which every item holds, of their type: the comparison alone.
    expect(threshold('select * from orders order by order_date desc, total limit 2')).toMatchObject({
      attribute: 'order_date',
      type: 'S',
      typed: true,
    });
    // An index that projects every attribute too (an index whose items are fetched back has none).
    expect(threshold("select * from orders where status = 'open' order by total limit 2")).toMatchObject({
      attribute: 'total',
    });
    // A timestamptz is not a kind the engine orders: no top-N in the engine at all.
    expect(threshold('select * from orders order by placed limit 2')).toBe('no top-N');
  });

  it('a DISTINCT of one column: later requests leave out the values kept, where the read may filter on it', () => {
    const seen = (sql: string) => {
      const d = shapeOf(sql);
      return d.shape === 'streaming-evaluation' && d.evaluation.kind === 'distinct'
        ? d.evaluation.seen
        : 'no DISTINCT';
    };
    expect(seen('select distinct status from orders')).toEqual({
      attribute: 'status',
      type: 'S',
      typed: false,
    });
    expect(seen('select distinct total from orders')).toEqual({
      attribute: 'total',
      type: 'N',
      typed: false,
    });
    expect(seen("select distinct total from orders where customer_id = 'c1'")).toEqual({
      attribute: 'total',
      type: 'N',
      typed: false,
    });
    expect(seen('select distinct customer_id from orders')).toEqual({
      attribute: 'customer_id',
      type: 'S',
      typed: true,
    });
    // Several columns; a Query's key: none.
    expect(seen('select distinct status, total from orders')).toBeNull();
    expect(seen("select distinct order_date from orders where customer_id = 'c1'")).toBeNull();
  });

  it('dynascope.page_filters off: a top-N and a DISTINCT read every item, and stay streaming evaluations', () => {
    const evaluation = (sql: string, pageFilters: boolean) => {
      const d = shapeOf(sql, { pageFilters });
      return d.shape === 'streaming-evaluation' ? d.evaluation : d.shape;
    };
    const top = 'select * from orders order by total desc limit 10';
    const distinct = 'select distinct status from orders';
    expect(evaluation(top, true)).toMatchObject({ kind: 'top-n', threshold: { attribute: 'total' } });
    expect(evaluation(top, false)).toMatchObject({ kind: 'top-n', threshold: null });
    expect(evaluation(distinct, true)).toMatchObject({ kind: 'distinct', seen: { attribute: 'status' } });
    expect(evaluation(distinct, false)).toMatchObject({ kind: 'distinct', seen: null });
  });

  it('what the host knows decides the rest: held writes of a transaction block, an aggregate or set-returning call', () => {
    expect(shapeOf("select * from orders where customer_id = 'c1'", { overlaid: true }).shape).toBe('host');
    expect(shapeOf('select count(*) from orders', { overlaid: true }).shape).toBe('host');
    expect(shapeOf('select upper(name) from users').shape).toBe('stream-through-host');
    expect(shapeOf('select upper(name) from users', { aggregateOrSetCalls: true }).shape).toBe('host');
  });
});

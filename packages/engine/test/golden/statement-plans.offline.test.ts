import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Engine } from '../../src/engine';
import type { IndexInfo, TableInfo } from '../../src/plan/key-schema';
import type { TableSource } from '../../src/plan/table-source';
import type { DynamoRequest, Plan, ScanPlan } from '../../src/types';
import {
  DOC_COLUMNS,
  ORDERS_COLUMNS,
  RENAMED_COLUMNS,
  STATEMENT_CASES,
  USERS_COLUMNS,
  WRITE_CASES,
} from './statement-cases';

/**
 * Every shape of the statement plan (plan/statement/statement-plan.ts) that reads or writes a foreign
 * table: the cases cover them all. The last, host-only, has no plan on the wire (its own test below).
 */
const SHAPES: readonly NonNullable<Plan['shape']>[] = [
  'count',
  'rows-from-items',
  'engine-hash-join',
  'streaming-evaluation',
  'stream-through-host',
  'materialise-in-host',
  'write',
];

/**
 * The statement planner offline: the golden cases planned against fixtures of the two tables'
 * key schemas and sizes (no DynamoDB), checked against the whole plan — its shape and its scans —
 * (statement-plans.offline.json) and against the requests the emulators saw (statement-requests.json,
 * from statement-plans.test.ts). EXPLAIN of a write plans it and writes nothing.
 */
const key = (name: string, type: 'S' | 'N' = 'S') => ({ name, type }) as const;
const byStatus: IndexInfo = {
  name: 'by_status',
  kind: 'GSI',
  partitionKey: key('status'),
  sortKey: null,
  projection: 'ALL',
  projectedAttributes: [],
  itemCount: 204,
  sizeBytes: 30_600,
};
const TABLES: Record<string, TableInfo> = {
  golden_orders: {
    name: 'golden_orders',
    partitionKey: key('customer_id'),
    sortKey: key('order_date'),
    indexes: [byStatus],
    itemCount: 204,
    sizeBytes: 30_600,
    billingMode: 'PAY_PER_REQUEST',
  },
  golden_users: {
    name: 'golden_users',
    partitionKey: key('user_id'),
    sortKey: null,
    indexes: [],
    itemCount: 205,
    sizeBytes: 24_600,
    billingMode: 'PAY_PER_REQUEST',
  },
};
const fixtures: TableSource = {
  describe: async (_server, table) => TABLES[table]!,
  stats: async (_server, info) => ({
    itemCount: info.itemCount,
    sizeBytes: info.sizeBytes,
    avgItemBytes: info.sizeBytes / info.itemCount,
    basis: 'describe-table',
    note: 'fixture',
  }),
};

describe('statement plans, offline', () => {
  let engine: Engine;
  const plans: Record<
    string,
    {
      sql: string;
      shape: Plan['shape'];
      limit?: number;
      scans: Omit<ScanPlan, 'consumedRcu' | 'scannedCount' | 'returnedCount' | 'pages'>[];
    }
  > = {};

  beforeAll(async () => {
    engine = await Engine.open({
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      vaultKey: 'offline',
      tableSource: fixtures,
    });
    const r = await engine.execute(`
      create foreign data wrapper dynamodb_wrapper;
      create server dynamodb_server foreign data wrapper dynamodb_wrapper options (credentials 'default', region 'us-east-1', endpoint_url 'http://127.0.0.1:9');
      create schema golden;
      create foreign table golden.orders (${ORDERS_COLUMNS}) server dynamodb_server options (table 'golden_orders', rowid_column 'customer_id');
      create foreign table golden.users (${USERS_COLUMNS}) server dynamodb_server options (table 'golden_users', rowid_column 'user_id');
      create foreign table golden.orders_renamed (${RENAMED_COLUMNS}) server dynamodb_server options (table 'golden_orders', rowid_column 'customer');
      create foreign table golden.orders_doc (${DOC_COLUMNS}) server dynamodb_server options (table 'golden_orders', rowid_column 'customer_id');
      set search_path = golden, public`);
    expect(r.error).toBeUndefined();
  });
  afterAll(() => engine?.close());

  it.each([...STATEMENT_CASES, ...WRITE_CASES].map((c) => [c.name, c.sql] as const))(
    '%s',
    async (name, sql) => {
      const r = await engine.explain(sql);
      expect(r.error).toBeUndefined();
      const plan = r.statements[0]!.plan!;
      const scans = plan.scans.map(
        ({ consumedRcu: _c, scannedCount: _s, returnedCount: _r, pages: _p, ...scan }) => ({ ...scan }),
      );
      plans[name] = { sql, shape: plan.shape, ...(plan.limit !== undefined && { limit: plan.limit }), scans };
      // EXPLAIN names the shape on its last line.
      const text = await engine.execute(`explain ${sql}`);
      expect(text.statements[0]!.rows.at(-1)?.[0]).toMatch(new RegExp(`^Execution: ${plan.shape} \\(`));
      // What the emulators received, but for a join's later relation (re-planned with the keys read).
      const golden = JSON.parse(
        readFileSync(new URL('./statement-requests.json', import.meta.url), 'utf8'),
      ) as Record<string, { requests: DynamoRequest[] }>;
      // A write's golden requests are its reads, then its writes.
      const sent = golden[name]!.requests.slice(0, scans.length);
      expect(scans.map((s) => s.request).slice(0, /join/.test(name) ? 1 : undefined)).toEqual(
        sent.slice(0, /join/.test(name) ? 1 : undefined),
      );
    },
  );

  it('a statement over no foreign table is host-only: no plan on the wire, the host explains it', async () => {
    for (const sql of ['select now(), count(*) from pg_class', 'set search_path = golden, public']) {
      const r = await engine.explain(sql);
      expect(r.error, sql).toBeUndefined();
      expect(r.statements[0]!.plan, sql).toBeNull();
    }
    const text = await engine.execute('explain select 1');
    expect(text.statements[0]!.plan).toBeNull();
    expect(text.statements[0]!.rows.map((row) => row[0])).toEqual([
      'Result  (cost=0.00..0.01 rows=1 width=4)',
    ]);
  });

  it('the cases cover every shape of the statement plan', () => {
    expect(new Set(Object.values(plans).map((p) => p.shape))).toEqual(new Set(SHAPES));
  });

  it('every plan is the golden one', async () => {
    expect(Object.keys(plans)).toHaveLength(STATEMENT_CASES.length + WRITE_CASES.length);
    await expect(`${JSON.stringify(plans, null, 2)}\n`).toMatchFileSnapshot('./statement-plans.offline.json');
  });
});

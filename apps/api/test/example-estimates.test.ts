import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

// The demo's "Join and aggregate" example, as the workbench runs it (issue 17, defect 1): EXPLAIN
// and the cost guard priced it at a Scan of orders (~146 RCU) while the run is one GetItem and one Query.
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
});
afterAll(async () => {
  await fx?.close();
});

interface Scan {
  relation: string;
  operation: string;
  estimatedRcu: number | null;
  estimatedRcuRange?: { min: number; max: number };
  consumedRcu: number | null;
}

describe('the estimate of the join example', () => {
  it('EXPLAIN prices what the run reads, and the run stays in the range EXPLAIN gives', async () => {
    const examples = await call(fx.app, 'GET', '/api/examples');
    const example = (examples.body.examples as { title: string; sql: string }[]).find(
      (e) => e.title === 'Join and aggregate',
    )!;
    const explained = await call(fx.app, 'POST', '/api/explain', { body: { sql: example.sql } });
    expect(explained.status).toBe(200);
    const planned = explained.body.statements[0].plan.scans as Scan[];
    const run = await call(fx.app, 'POST', '/api/sql', { body: { sql: example.sql } });
    expect(run.status).toBe(200);
    expect(run.body.statements[0].rowCount).toBe(1);
    const ran = run.body.statements[0].plan.scans as Scan[];
    expect(ran.map((s) => s.operation)).toEqual(['GetItem', 'Query']);

    const sum = (scans: Scan[], f: (s: Scan) => number) => scans.reduce((n, s) => n + f(s), 0);
    const consumed = sum(ran, (s) => s.consumedRcu ?? 0);
    const estimated = sum(planned, (s) => s.estimatedRcu!);
    expect(sum(planned, (s) => s.estimatedRcuRange?.min ?? s.estimatedRcu!)).toBeLessThanOrEqual(consumed);
    expect(sum(planned, (s) => s.estimatedRcuRange?.max ?? s.estimatedRcu!)).toBeGreaterThanOrEqual(consumed);
    // A user's orders are a few items: the Query costs what was estimated, and so does the statement.
    expect(estimated).toBe(consumed);
    const orders = planned.find((s) => s.relation === 'public.orders')!;
    expect(orders.estimatedRcuRange!.max).toBeGreaterThan(20 * orders.estimatedRcu!);

    // The cost guard lets it run under a limit far below the Scan it will not make.
    const guarded = await call(fx.app, 'POST', '/api/sql', {
      body: { sql: `set dynascope.max_statement_rcu = ${estimated}; ${example.sql}` },
    });
    expect(guarded.body.error).toBeUndefined();
    expect(guarded.body.statements[1].rowCount).toBe(1);
  });
});

describe('the estimate of an index Query over the demo', () => {
  // The demo's orders by_status: 'delivered' is over half of them. Every value was taken as 10% of the
  // table: "~15 RCU", and the Query used 85.5.
  it.each(['delivered', 'returned'])(
    "status = '%s': the estimate is the Query's cost within a factor of two, in the range EXPLAIN gives",
    async (status) => {
      const sql = `select customer_id, order_date, total from orders where status = '${status}'`;
      const session = `index-${status}`;
      const explained = await call(fx.app, 'POST', '/api/explain', { body: { sql, session } });
      const [planned] = explained.body.statements[0].plan.scans as Scan[];
      expect(planned!.operation).toBe('Query');
      const run = await call(fx.app, 'POST', '/api/sql', { body: { sql, session } });
      expect(run.body.error).toBeUndefined();
      // The first page, then every next one: what the whole Query read.
      let consumed = (run.body.statements[0].plan.scans as Scan[])[0]!.consumedRcu!;
      for (let cursor = run.body.statements[0].cursor; cursor;) {
        const next = await call(fx.app, 'POST', '/api/sql/next', { body: { cursor, session } });
        consumed += next.body.consumedRcu as number;
        cursor = next.body.cursor;
      }
      expect(consumed).toBeGreaterThanOrEqual(planned!.estimatedRcuRange!.min);
      expect(consumed).toBeLessThanOrEqual(planned!.estimatedRcuRange!.max);
      expect(planned!.estimatedRcu!).toBeGreaterThanOrEqual(consumed / 2);
      expect(planned!.estimatedRcu!).toBeLessThanOrEqual(consumed * 2);
    },
  );
});

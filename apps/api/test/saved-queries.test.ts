import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQueries, serveApp } from './support/check-queries-cli';
import { call, startDemoFixture, TEST_TOKEN, type DemoFixture } from './support/demo-fixture';

// Saved queries over the real app and engine with the demo in dynalite (issue 17); the CLI
// `npm run check-queries` is run as a child process against the app served on a free port.
let fx: DemoFixture;
let served: Awaited<ReturnType<typeof serveApp>> | undefined;
let url: string;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
  served = await serveApp(fx.engine);
  url = served.url;
});
afterAll(async () => {
  await served?.close();
  await fx?.close();
});

const byStatus = {
  name: 'orders by status',
  description: 'the by_status index of orders',
  sql: 'select customer_id, status from orders where status = $1',
  params: [{ name: 'status', example: 'returned' }],
  expect: { paths: [{ relation: 'orders', operation: 'Query', index: 'by_status' }] },
};

describe('/api/saved-queries', () => {
  it('creates, lists, searches, reads, replaces and deletes; errors carry their SQLSTATE', async () => {
    const created = await call(fx.app, 'POST', '/api/saved-queries', { body: byStatus });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...byStatus, params: [{ name: 'status', example: 'returned' }] });
    const again = await call(fx.app, 'POST', '/api/saved-queries', { body: byStatus });
    expect(again.status).toBe(400);
    expect(again.body.error.sqlstate).toBe('42710');
    const bad = await call(fx.app, 'POST', '/api/saved-queries', { body: { name: '', sql: 'select 1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"name"');

    await call(fx.app, 'PUT', '/api/saved-queries/one', { body: { name: 'one', sql: 'select 1' } });
    expect(
      (await call(fx.app, 'GET', '/api/saved-queries')).body.queries.map((q: { name: string }) => q.name),
    ).toEqual(['one', 'orders by status']);
    expect((await call(fx.app, 'GET', '/api/saved-queries?q=BY_STATUS')).body.queries).toHaveLength(1);
    expect((await call(fx.app, 'GET', '/api/saved-queries/one')).body.sql).toBe('select 1');
    expect((await call(fx.app, 'DELETE', '/api/saved-queries/one')).body).toEqual({ ok: true });
    const gone = await call(fx.app, 'GET', '/api/saved-queries/one');
    expect(gone.status).toBe(404);
    expect(gone.body.error.sqlstate).toBe('42704');
  });

  it('gives the SQL to run with the parameters as literals', async () => {
    const res = await call(fx.app, 'POST', '/api/saved-queries/orders%20by%20status/sql', {
      body: { values: ['pending'] },
    });
    expect(res.body).toEqual({ sql: "select customer_id, status from orders where status = 'pending'" });
    const run = await call(fx.app, 'POST', '/api/sql', { body: { sql: res.body.sql } });
    expect(run.status).toBe(200);
    expect(run.body.statements[0].plan.scans[0]).toMatchObject({ operation: 'Query', index: 'by_status' });
  });

  it('checks every saved query, and the CLI exits 0, then 1 on a regression, 2 when the server refuses it', async () => {
    const check = await call(fx.app, 'POST', '/api/saved-queries/check');
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ checked: 1, regressions: 0 });
    expect(check.body.results[0]).toMatchObject({
      name: 'orders by status',
      ok: true,
      paths: [{ relation: 'public.orders', operation: 'Query', index: 'by_status' }],
    });

    const passing = await checkQueries({ DYNASCOPE_URL: url, DYNASCOPE_TOKEN: TEST_TOKEN });
    expect(passing.stdout).toMatch(/^ok +orders by status +Query \(by_status\) public\.orders/m);
    expect(passing.stdout).toContain('1 saved query checked, 0 regressed');
    expect(passing.code).toBe(0);

    await call(fx.app, 'POST', '/api/saved-queries', {
      body: {
        name: 'all orders, cheaply',
        sql: 'select * from orders',
        expect: { paths: [{ relation: 'orders', operation: 'Query' }], maxRcu: 0.5 },
      },
    });
    const failing = await checkQueries({ DYNASCOPE_URL: url, DYNASCOPE_TOKEN: TEST_TOKEN });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^REGRESSED +all orders, cheaply +Scan public\.orders/m);
    expect(failing.stdout).toContain('- orders: expected Query, planned Scan');
    expect(failing.stdout).toMatch(/- estimate ~[\d.]+ RCU is over the ceiling of 0\.5 RCU/);
    expect(failing.stdout).toContain('2 saved queries checked, 1 regressed');

    const wrongToken = await checkQueries({ DYNASCOPE_URL: url, DYNASCOPE_TOKEN: 'not-the-token' });
    expect(wrongToken.code).toBe(2);
    expect(wrongToken.stderr).toContain('answered 401');
    expect(wrongToken.stderr).not.toContain(TEST_TOKEN);
  });
});

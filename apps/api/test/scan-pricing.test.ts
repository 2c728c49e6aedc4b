import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

// One real engine + dynalite with the demo: what the web prices a statement with (issue 17, "Cost you can read").
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
});
afterAll(async () => {
  await fx?.close();
});

const sql = (session: string, text: string) =>
  call(fx.app, 'POST', '/api/sql', { body: { sql: text, session } });

describe("a scan's pricing on the wire", () => {
  it("POST /api/explain carries the table's billing mode and the server's region, no overrides unset", async () => {
    const res = await call(fx.app, 'POST', '/api/explain', { body: { sql: 'select * from orders' } });
    expect(res.status).toBe(200);
    const scan = res.body.statements[0].plan.scans[0];
    expect(scan.billingMode).toBe('on-demand');
    expect(typeof scan.region).toBe('string');
    expect(scan.priceOverrides).toBeUndefined();
  });

  it('POST /api/sql in a session carries its dynascope.price_per_million_rru / _wru', async () => {
    expect((await sql('price-a', "set dynascope.price_per_million_rru = '0.3'")).status).toBe(200);
    expect((await sql('price-a', "set dynascope.price_per_million_wru = '1.4175'")).status).toBe(200);
    const res = await sql('price-a', 'select count(*) from orders');
    expect(res.status).toBe(200);
    expect(res.body.statements[0].plan.scans[0].priceOverrides).toEqual({
      perMillionRru: 0.3,
      perMillionWru: 1.4175,
    });
    // Another session is priced by the table.
    const other = await sql('price-b', 'select count(*) from orders');
    expect(other.body.statements[0].plan.scans[0].priceOverrides).toBeUndefined();
  });

  it('a price that is not a number of dollars is 400 with 22023', async () => {
    expect((await sql('price-c', "set dynascope.price_per_million_rru = 'cheap'")).status).toBe(200);
    const res = await sql('price-c', 'select count(*) from orders');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      sqlstate: '22023',
      message: 'invalid value for parameter "dynascope.price_per_million_rru": "cheap"',
    });
  });
});

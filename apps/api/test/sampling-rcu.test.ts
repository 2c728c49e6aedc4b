import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

// One real engine + dynalite with the demo (dynalite's DescribeTable reports no size, so the
// planner samples each table once): issue 17, defect 8.
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
});
afterAll(async () => {
  await fx?.close();
});

describe('the RCU of sampling for estimates', () => {
  it('POST /api/explain reports the sample it read (samplingRcu, in consumedRcu); the next one reads nothing', async () => {
    const first = await call(fx.app, 'POST', '/api/explain', {
      body: { sql: "select * from products where category = 'books'" },
    });
    expect(first.status).toBe(200);
    const [s] = first.body.statements;
    expect(s.plan.scans[0].estimateBasis).toBe('sampled');
    expect(s.plan.scans[0].samplingRcu).toBeGreaterThan(0);
    expect(s.consumedRcu).toBe(s.plan.scans[0].samplingRcu);

    const second = await call(fx.app, 'POST', '/api/explain', {
      body: { sql: "select * from products where category = 'games'" },
    });
    expect(second.body.statements[0].plan.scans[0].samplingRcu).toBeUndefined();
    expect(second.body.statements[0].consumedRcu).toBe(0);
  });

  it('POST /api/sql counts the sample beside what the scan read', async () => {
    const res = await call(fx.app, 'POST', '/api/sql', { body: { sql: 'select count(*) from orders' } });
    expect(res.status).toBe(200);
    const [s] = res.body.statements;
    const scan = s.plan.scans[0];
    expect(scan.samplingRcu).toBeGreaterThan(0);
    expect(s.consumedRcu).toBeCloseTo(scan.consumedRcu + scan.samplingRcu, 9);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

// A real engine + dynalite with the demo data; A's aggregate over the events is made long by the
// throughput governor (its session's max_rcu_per_second), not by huge data.
const EVENTS = 5_000;
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: EVENTS });
});
afterAll(async () => {
  await fx?.close();
});

const sql = (text: string, session: string, extra: Record<string, unknown> = {}) =>
  call(fx.app, 'POST', '/api/sql', { body: { sql: text, session, ...extra } });

describe('two sessions through HTTP (issue 13 part 3)', () => {
  it('a point lookup, a SET and an EXPLAIN in one session answer while another aggregates', async () => {
    expect((await sql('set dynascope.max_rcu_per_second = 10', 'tab-a')).status).toBe(200);
    let aDone = false;
    const a = call(fx.app, 'POST', '/api/sql/stream', {
      body: { sql: 'select count(*), sum(duration_ms) from events', session: 'tab-a', requestId: 'agg-a' },
    }).finally(() => (aDone = true));
    // A is running once the app has its request.
    for (let i = 0; i < 2_000 && fx.running.size === 0 && !aDone; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(aDone).toBe(false);

    const lookup = await sql("select user_id, name from users where user_id = 'u0001'", 'tab-b');
    const set = await sql("set datestyle = 'German'; select date '2024-03-05'::text", 'tab-b');
    const explain = await call(fx.app, 'POST', '/api/explain', {
      body: { sql: "select * from users where user_id = 'u0002'", session: 'tab-b' },
    });
    const bFinishedFirst = !aDone;

    expect(lookup.status).toBe(200);
    expect(lookup.body.statements[0].rows).toEqual([['u0001', expect.any(String)]]);
    expect(set.body.statements[1].rows).toEqual([['05.03.2024']]);
    expect(explain.status).toBe(200);
    expect(explain.body.statements[0].plan.scans[0].operation).toBe('GetItem');
    expect(bFinishedFirst, 'B answered while A was still running').toBe(true);

    const res = await a;
    const last = JSON.parse(res.text.trim().split('\n').at(-1)!);
    expect(last.error).toBeUndefined();
    expect(last.statements[0].rows[0][0]).toBe(String(EVENTS));
    // A's session kept its own settings: DateStyle is still the default there.
    expect((await sql("select date '2024-03-05'::text", 'tab-a')).body.statements[0].rows).toEqual([
      ['2024-03-05'],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

/** POST /api/preview (issue 13, part 5) against the demo on a real dynalite: nothing is written. */
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 10 });
});
afterAll(async () => {
  await fx?.close();
});

const preview = (body: Record<string, unknown>) => call(fx.app, 'POST', '/api/preview', { body });
const sql = async (text: string, session?: string) =>
  (await call(fx.app, 'POST', '/api/sql', { body: { sql: text, ...(session && { session }) } })).body;

describe('POST /api/preview', () => {
  it('answers each write statement: rows, before → after, estimated WCU, plan; writes nothing', async () => {
    const before = await sql("select age from users where user_id = 'u0001'");
    const age = before.statements[0].rows[0][0] as number;
    const res = await preview({ sql: "select 1; update users set age = age + 1 where user_id = 'u0001'" });
    expect(res.status).toBe(200);
    expect(res.body.error).toBeUndefined();
    expect(res.body.confirmWritesOver).toBe(1);
    expect(res.body.statements).toHaveLength(1);
    const [s] = res.body.statements;
    expect(s).toMatchObject({
      sql: "update users set age = age + 1 where user_id = 'u0001'",
      command: 'UPDATE',
      rowCount: 1,
      atomic: false,
      hasWhere: true,
      needsConfirmation: false,
    });
    expect(s.sample).toHaveLength(1);
    expect(s.sample[0].before).toMatchObject({ user_id: 'u0001', age });
    expect(s.sample[0].after).toMatchObject({ user_id: 'u0001', age: age + 1 });
    expect(s.estimatedWcu).toBeGreaterThanOrEqual(1);
    expect(s.plan.scans[0]).toMatchObject({ operation: 'GetItem', table: 'users' });
    expect(s.plan.write).toMatchObject({ operation: 'UpdateItem', itemsWritten: 0 });
    const after = await sql("select age from users where user_id = 'u0001'");
    expect(after.statements[0].rows[0][0]).toBe(age);
  });

  it('a DELETE without WHERE needs confirmation, whatever the threshold; the session’s threshold is returned', async () => {
    const count = Number((await sql('select count(*) from orders')).statements[0].rows[0][0]);
    expect(count).toBeGreaterThan(20);
    expect((await sql('set dynascope.confirm_writes_over = 100000', 'tab-a')).error).toBeUndefined();
    const res = await preview({ sql: 'delete from orders', session: 'tab-a' });
    expect(res.status).toBe(200);
    expect(res.body.confirmWritesOver).toBe(100000);
    const [s] = res.body.statements;
    expect(s).toMatchObject({ command: 'DELETE', rowCount: count, hasWhere: false, needsConfirmation: true });
    expect(s.sample).toHaveLength(20);
    expect(s.sample[0].after).toBeNull();
    // Every order is in the by_status index (ALL): each delete is the item and its index entry.
    expect(s.estimatedWcu).toBeGreaterThanOrEqual(2 * count);
    expect(Number((await sql('select count(*) from orders')).statements[0].rows[0][0])).toBe(count);
    // The default session keeps the default threshold: more than one row asks.
    const other = await preview({ sql: "delete from orders where status = 'cancelled'" });
    expect(other.body.confirmWritesOver).toBe(1);
    expect(other.body.statements[0].needsConfirmation).toBe(other.body.statements[0].rowCount > 1);
  });

  it('a failing statement is a 400 with its SQLSTATE and position; a bad body is a 400', async () => {
    const res = await preview({ sql: "update users set age = 'old' where user_id = 'u0001'" });
    expect(res.status).toBe(400);
    expect(res.body.statements).toEqual([]);
    expect(res.body.error).toMatchObject({ sqlstate: '22P02', statementIndex: 0 });
    expect(res.body.error.position).toBe("update users set age = 'old'".indexOf("'old'") + 1);
    expect((await preview({ sql: '' })).status).toBe(400);
  });
});

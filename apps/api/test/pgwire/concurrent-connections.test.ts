import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';

// Two node-postgres connections (two engine sessions) against the real wire server at once.
const EVENTS = 5_000;
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(EVENTS);
});
afterAll(async () => {
  await fx?.close();
});

describe('two wire connections at once (issue 13 part 3)', () => {
  it('one connection’s lookups answer while the other’s paced aggregate runs; a BEGIN block is its own', async () => {
    const a = new pg.Client(fx.connection);
    const b = new pg.Client(fx.connection);
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('set dynascope.max_rcu_per_second = 10');
      let aDone = false;
      const aggregate = a
        .query('select count(*) as n, sum(duration_ms) as total from events')
        .finally(() => (aDone = true));
      // a's statement is under way once its first page has been paced (the server answers nothing before).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(aDone).toBe(false);
      const lookup = await b.query("select user_id from users where user_id = 'u0001'");
      await b.query("set datestyle = 'German'");
      const date = await b.query("select date '2024-03-05'::text as d");
      const bFirst = !aDone;
      expect(lookup.rows).toEqual([{ user_id: 'u0001' }]);
      expect(date.rows).toEqual([{ d: '05.03.2024' }]);
      expect(bFirst, 'b answered while a was still running').toBe(true);
      expect((await aggregate).rows[0].n).toBe(String(EVENTS));
      expect((await a.query("select date '2024-03-05'::text as d")).rows).toEqual([{ d: '2024-03-05' }]);

      // a's open block keeps b out (one embedded connection): b waits, then 55P03; after ROLLBACK b runs.
      await a.query('begin');
      const blocked = await b.query('select 1').catch((e: { code?: string }) => e.code);
      expect(blocked).toBe('55P03');
      await a.query('rollback');
      expect((await b.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGliteHost } from '../host/pglite-host';
import { loadParser } from '../parse/parse';
import { statementTail } from './returning-clause';
import { updateWithOldRow } from './update-old-row';

/**
 * The spliced UPDATE on a real PGlite host: each updated row comes back with the ctid and catch-all
 * value it had before (what `returning old.ctid` gives on Postgres 18). The PostgreSQL 15 host runs
 * the same statements in the integration suites (`npm run test:pg`).
 */
describe('updateWithOldRow', () => {
  let host: PGliteHost;
  const target: Parameters<typeof updateWithOldRow>[2] = { tempTable: 't', alias: 'o', catchAll: 'attrs' };

  beforeAll(async () => {
    await loadParser();
    host = await PGliteHost.open({});
    await host.query('create temp table u (k int, tag text)');
    await host.query(`insert into u values (1, 'one'), (2, 'two')`);
  }, 60_000);
  afterAll(() => host?.close());

  /** Fills pg_temp.t, runs `head` spliced, returns [old ctid, old attrs, ...returning] and the ctids before. */
  const run = async (head: string, returning: string, t = target) => {
    await host.query('drop table if exists pg_temp.t');
    await host.query('create temp table t (k int, v int, attrs jsonb)');
    await host.query(
      `insert into t select g, g * 10, jsonb_build_object('n', g) from generate_series(1, 3) g`,
    );
    const before = new Map(
      (await host.query('select k::text, ctid::text from pg_temp.t')).rows.map((r) => [r[0]!, r[1]!]),
    );
    const text = `${head} returning ${returning}`;
    const u = updateWithOldRow(text, statementTail(text, false), t, (n) => [
      `${n.old}.${n.ctid}::text`,
      ...(t.catchAll ? [`${n.old}.${n.attrs}::text`] : []),
    ]);
    const r = await host.query(u.text);
    return { rows: r.rows.map((row) => [...row]).sort((a, b) => a.at(-1)!.localeCompare(b.at(-1)!)), before };
  };

  it('returns the old ctid and catch-all of a row the WHERE chose, the SET having changed both', async () => {
    const { rows, before } = await run(
      `update pg_temp.t as o set v = o.v + 1, attrs = '{"n": 0}' where o.k = 2`,
      'o.v::text, o.attrs::text, o.k::text',
    );
    expect(rows).toEqual([[before.get('2'), '{"n": 2}', '21', '{"n": 0}', '2']]);
  });

  it('updates every row when there is no WHERE', async () => {
    const { rows, before } = await run(`update pg_temp.t as o set v = 0`, 'o.k::text', {
      ...target,
      catchAll: null,
    });
    expect(rows).toEqual(['1', '2', '3'].map((k) => [before.get(k), k]));
  });

  it("keeps the user's FROM list and joins, and a SET with IS DISTINCT FROM", async () => {
    const { rows, before } = await run(
      `update pg_temp.t as o set v = (o.v is distinct from 10)::int from u join u as u2 using (k) where u.k = o.k and u2.tag <> 'one'`,
      'u.tag, o.k::text',
    );
    expect(rows).toEqual([[before.get('2'), '{"n": 2}', 'two', '2']]);
  });

  it('names the old row apart from a target or FROM item called dynascope_old', async () => {
    const { rows, before } = await run(
      `update pg_temp.t as dynascope_old set v = 1 from u as dynascope_old1 where dynascope_old1.k = dynascope_old.k`,
      'dynascope_old.k::text',
      { ...target, alias: 'dynascope_old' },
    );
    expect(rows).toEqual(['1', '2'].map((k) => [before.get(k), `{"n": ${k}}`, k]));
  });

  it('maps a host error position back to the statement as written, in its RETURNING list too', async () => {
    const oldCtid = (n: { old: string; ctid: string }) => [`${n.old}.${n.ctid}`];
    for (const text of [
      `update pg_temp.t as o set v = 1 from u where u.k = o.nope`,
      `update pg_temp.t as o set v = 1 from u where u.k = o.k returning o.k, o.nope -- the end`,
      `update pg_temp.t as o set v = 1 returning o.nope`,
    ]) {
      const u = updateWithOldRow(text, statementTail(text, false), target, oldCtid);
      const e = await host.query(u.text).catch((e: { position: string }) => e);
      expect(u.originalPosition(Number((e as { position: string }).position)), text).toBe(
        text.indexOf('o.nope') + 1,
      );
    }
  });

  it('keeps a comment that ends the statement out of the way', async () => {
    const text = `update pg_temp.t as o set v = 5 where o.k = 1 -- only one`;
    const u = updateWithOldRow(text, statementTail(text, false), { ...target, catchAll: null }, (n) => [
      `${n.old}.${n.ctid}::text`,
    ]);
    expect((await host.query(u.text)).rows).toHaveLength(1);
  });
});

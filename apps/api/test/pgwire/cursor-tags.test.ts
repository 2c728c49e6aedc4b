import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psql, startPgFixture, type PgFixture } from './pg-fixture';

/**
 * The CommandComplete tags of FETCH and MOVE on the wire (issue 12): a cursor over a host table is the
 * host's own, whose MOVE the engine counts through dynascope.cursor_move (bbf8a24); a cursor over a
 * foreign table is the engine's. Each MOVE is compared with the FETCH of the same step on a twin
 * cursor — FETCH's count is the rows the client received, counted here — and the foreign-table
 * cursor's tags with the host-table cursor's over the same rows.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(50);
  const made = await fx.demo.engine.execute('create table users_host as select user_id from users');
  expect(made.error).toBeUndefined();
});
afterAll(async () => {
  await fx?.close();
});

/** Forward steps (a foreign-table cursor reads forward only): before, inside and past the rows. */
const FORWARD = [
  'move 0 in c',
  'move 3 in c',
  'move next in c',
  'move 0 in c',
  'move forward 2 in c',
  'move all in c',
  'move all in c',
  'move 5 in c',
  'move 0 in c',
];
/** Steps only a scrollable host cursor takes. */
const SCROLL = [
  'move 4 in c',
  'move backward 2 in c',
  'move prior in c',
  'move backward all in c',
  'move absolute 6 in c',
  'move relative -3 in c',
  'move last in c',
  'move absolute 0 in c',
  'move forward all in c',
  'move backward 3 in c',
  'move absolute -2 in c',
];

type Tag = [string, number | null];

/** Each step's tag as node-postgres reads it, in one block over `declare`; FETCH's rows counted too. */
async function tags(declare: string, steps: readonly string[]): Promise<{ tags: Tag[]; received: number[] }> {
  const client = new pg.Client(fx.connection);
  await client.connect();
  try {
    await client.query('begin');
    await client.query(declare);
    const out: Tag[] = [];
    const received: number[] = [];
    for (const step of steps) {
      const r = await client.query(step);
      out.push([r.command, r.rowCount]);
      received.push(r.rows.length);
    }
    await client.query('rollback');
    return { tags: out, received };
  } finally {
    await client.end();
  }
}

const asFetch = (steps: readonly string[]) => steps.map((s) => s.replace(/^move/, 'fetch'));

describe('FETCH and MOVE tags over the wire', () => {
  it('a host-table cursor says MOVE n, the rows the same FETCH returns', async () => {
    const declare = 'declare c scroll cursor for select user_id from users_host order by user_id';
    const total = (await fx.demo.engine.execute('select count(*)::int from users_host')).statements[0]!
      .rows[0]![0] as number;
    expect(total).toBeGreaterThan(8);
    const steps = [...FORWARD, ...SCROLL];
    const moved = await tags(declare, steps);
    const fetched = await tags(declare, asFetch(steps));
    // FETCH's tag counts the rows sent; MOVE's those passed.
    expect(fetched.tags).toEqual(fetched.received.map((n) => ['FETCH', n]));
    expect(moved.tags).toEqual(fetched.received.map((n) => ['MOVE', n]));
    expect(moved.received.every((n) => n === 0)).toBe(true);
    // Not all zero: MOVE 3 from the start, MOVE ALL after 6 rows, MOVE BACKWARD ALL from row 1.
    expect(moved.tags[1]).toEqual(['MOVE', 3]);
    expect(moved.tags[5]).toEqual(['MOVE', total - 6]);
    expect(moved.tags[12]).toEqual(['MOVE', total - 3]);
  });

  it('a foreign-table cursor’s FETCH and MOVE tags are the host-table cursor’s over the same rows', async () => {
    const foreign = 'declare c cursor for select user_id from users order by user_id';
    const host = 'declare c cursor for select user_id from users_host order by user_id';
    const fetchSteps = asFetch(FORWARD);
    const [fm, hm, ff, hf] = [
      await tags(foreign, FORWARD),
      await tags(host, FORWARD),
      await tags(foreign, fetchSteps),
      await tags(host, fetchSteps),
    ];
    expect(fm.tags).toEqual(hm.tags);
    expect(ff).toEqual(hf);
    expect(fm.tags).toEqual(ff.received.map((n) => ['MOVE', n]));
    expect(fm.tags.slice(0, 5)).toEqual([
      ['MOVE', 0],
      ['MOVE', 3],
      ['MOVE', 1],
      ['MOVE', 1],
      ['MOVE', 2],
    ]);
  });

  it('a foreign-table SCROLL cursor’s tags and rows in every direction are the host-table cursor’s', async () => {
    const steps = [...FORWARD, ...SCROLL];
    const declare = (table: string) =>
      `declare c scroll cursor for select user_id from ${table} order by user_id`;
    const [fm, hm, ff, hf] = [
      await tags(declare('users'), steps),
      await tags(declare('users_host'), steps),
      await tags(declare('users'), asFetch(steps)),
      await tags(declare('users_host'), asFetch(steps)),
    ];
    expect(fm).toEqual(hm);
    expect(ff).toEqual(hf);
    expect(ff.received.slice(FORWARD.length)).toEqual(hf.received.slice(FORWARD.length));
    expect(fm.tags[FORWARD.length + 3]).toEqual(hm.tags[FORWARD.length + 3]);
  });

  it('psql prints the tag Postgres would: MOVE n over a host table and a foreign table', async () => {
    const script = (table: string) =>
      `begin;\ndeclare c cursor for select user_id from ${table} order by user_id;\n` +
      'move 3 in c;\nfetch 2 from c;\nmove all in c;\nmove 1 in c;\nrollback;\n';
    const host = await psql(fx, ['-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
      input: script('users_host'),
    });
    const foreign = await psql(fx, ['-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
      input: script('users'),
    });
    expect(host.code).toBe(0);
    expect(foreign.code).toBe(0);
    // psql prints a MOVE's tag, a FETCH's rows (not its tag), as against Postgres.
    const lines = (out: string) => out.split('\n').filter((l) => /^MOVE/.test(l));
    const total = (await fx.demo.engine.execute('select count(*)::int from users_host')).statements[0]!
      .rows[0]![0] as number;
    expect(lines(host.stdout)).toEqual(['MOVE 3', `MOVE ${total - 5}`, 'MOVE 0']);
    expect(foreign.stdout).toEqual(host.stdout);
  });
});

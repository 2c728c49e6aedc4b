import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fails, ok, openTestEngine } from '../support/harness';
import { createTestDatabase, testPostgresUrl } from '../support/pg-database';

/**
 * Issue 12: a MOVE over a cursor the host keeps (over host tables) reports Postgres's `MOVE n`, the
 * number of rows it moved — PGlite's result carries no count for it (the engine said MOVE 0). Each
 * MOVE is compared with the FETCH of the same direction on a twin cursor (its rows are the ones MOVE
 * passes) and, on the PostgreSQL host, with PostgreSQL's own tag for the same script over node-postgres.
 */
const STEPS = [
  'move 3 in c',
  'move forward 2 in c',
  'move 0 in c',
  'move next in c',
  'move all in c',
  'move 5 in c',
  'move 0 in c',
  'move backward 2 in c',
  'move prior in c',
  'move backward all in c',
  'move backward 1 in c',
  'move absolute 4 in c',
  'move absolute -1 in c',
  'move absolute 20 in c',
  'move absolute 0 in c',
  'move relative 3 in c',
  'move relative -2 in c',
  'move relative 0 in c',
  'move first in c',
  'move last in c',
  'move relative 5 in c',
  'move forward -3 in c',
  'move backward -2 in c',
  'move forward all in c',
  'move absolute -10 in c',
  'move absolute -11 in c',
];
const DECLARE = 'declare c scroll cursor for select v from host_rows order by v';
const SETUP =
  'create table host_rows (v int primary key); insert into host_rows select generate_series(1, 10)';

describe('MOVE over a host cursor', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await openTestEngine();
    await ok(engine, SETUP);
  });
  afterAll(() => engine?.close());

  /** Each step's rowCount in one block (each statement on its own, as a client sends them). */
  const counts = async (steps: readonly string[]) => {
    await ok(engine, `begin; ${DECLARE}`);
    try {
      const out: [string, number][] = [];
      for (const step of steps) {
        const [r] = await ok(engine, step);
        out.push([r!.command, r!.rowCount ?? -1]);
      }
      return out;
    } finally {
      await ok(engine, 'rollback');
    }
  };

  it('counts the rows each MOVE passed, as FETCH of the same direction returns them', async () => {
    const moved = await counts(STEPS);
    const fetched = await counts(STEPS.map((s) => s.replace(/^move/, 'fetch')));
    expect(moved).toEqual(fetched.map(([, n]) => ['MOVE', n]));
    // Not all zero: 3 rows; MOVE BACKWARD ALL from row 8 (after the end, back 2, prior) passes rows 7..1.
    expect(moved[0]).toEqual(['MOVE', 3]);
    expect(moved[9]).toEqual(['MOVE', 7]);
  });

  it('on the PostgreSQL host, equals PostgreSQL’s own MOVE tag for the same script', async ({ skip }) => {
    if (!testPostgresUrl()) skip('needs the PostgreSQL 15 test cluster (npm run test:pg)');
    const client = new pg.Client({ connectionString: await createTestDatabase('template1') });
    await client.connect();
    try {
      await client.query(SETUP);
      await client.query(`begin; ${DECLARE}`);
      const expected: [string, number][] = [];
      for (const step of STEPS) {
        const r = await client.query(step);
        expected.push([r.command, r.rowCount ?? -1]);
      }
      await client.query('rollback');
      expect(await counts(STEPS)).toEqual(expected);
    } finally {
      await client.end();
    }
  });

  it('a WITH HOLD cursor after COMMIT, and MOVE ALL at the end, count as Postgres does', async () => {
    await ok(engine, `begin; declare h cursor with hold for select v from host_rows order by v; commit`);
    try {
      const [a] = await ok(engine, 'move 4 in h');
      const [b] = await ok(engine, 'move all in h');
      const [c] = await ok(engine, 'move all in h');
      const [f] = await ok(engine, 'fetch 1 from h');
      expect([a!.rowCount, b!.rowCount, c!.rowCount, f!.rows]).toEqual([4, 6, 0, []]);
    } finally {
      await ok(engine, 'close h');
    }
  });

  it('a MOVE the host refuses gives the host’s error for the same FETCH', async () => {
    await ok(engine, 'begin; declare n no scroll cursor for select v from host_rows order by v');
    try {
      const moveError = await fails(engine, 'move backward 1 in n');
      await ok(engine, 'rollback; begin; declare n no scroll cursor for select v from host_rows order by v');
      const fetchError = await fails(engine, 'fetch backward 1 from n');
      expect([moveError.sqlstate, moveError.message]).toEqual([fetchError.sqlstate, fetchError.message]);
      expect(moveError.sqlstate).toBe('55000');
    } finally {
      await ok(engine, 'rollback');
    }
    const unknown = await fails(engine, 'move 1 in nope');
    expect([unknown.sqlstate, unknown.message]).toEqual([
      (await fails(engine, 'fetch 1 from nope')).sqlstate,
      'cursor "nope" does not exist',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fails, ok, openTestEngine } from '../support/harness';
import { MOVE_SETUP, MOVE_STEPS, moveCounts } from '../support/move-script';

/**
 * Issue 12: a MOVE over a cursor the host keeps (over host tables) reports Postgres's `MOVE n`, the
 * number of rows it moved — PGlite's result carries no count for it (the engine said MOVE 0). Each
 * MOVE is compared with the FETCH of the same direction on a twin cursor (its rows are the ones MOVE
 * passes). src/host/pg-move-tag.test.ts compares the script with PostgreSQL's own tags, on both hosts.
 */
describe('MOVE over a host cursor', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await openTestEngine();
    await ok(engine, MOVE_SETUP);
  });
  afterAll(() => engine?.close());

  it('counts the rows each MOVE passed, as FETCH of the same direction returns them', async () => {
    const moved = await moveCounts(engine, MOVE_STEPS);
    const fetched = await moveCounts(
      engine,
      MOVE_STEPS.map((s) => s.replace(/^move/, 'fetch')),
    );
    expect(moved).toEqual(fetched.map(([, n]) => ['MOVE', n]));
    // Not all zero: 3 rows; MOVE BACKWARD ALL from row 8 (after the end, back 2, prior) passes rows 7..1.
    expect(moved[0]).toEqual(['MOVE', 3]);
    expect(moved[9]).toEqual(['MOVE', 7]);
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

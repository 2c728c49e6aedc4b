import type { Engine } from '../../src/engine';
import { ok } from './harness';

/**
 * Issue 12's MOVE script over a scroll cursor on a host table of 10 rows: every direction and count,
 * past both ends. host-cursor-move.test.ts compares each MOVE with the FETCH of the same direction;
 * src/host/pg-move-tag.test.ts compares the whole script with PostgreSQL's own tags.
 */
export const MOVE_STEPS = [
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
] as const;

export const MOVE_DECLARE = 'declare c scroll cursor for select v from host_rows order by v';
export const MOVE_SETUP =
  'create table host_rows (v int primary key); insert into host_rows select generate_series(1, 10)';

/** Each step's command tag and row count in one block (each statement on its own, as a client sends them). */
export async function moveCounts(engine: Engine, steps: readonly string[]): Promise<[string, number][]> {
  await ok(engine, `begin; ${MOVE_DECLARE}`);
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
}

import type { FetchStmt } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import type { Cell } from '../types';

/**
 * Where a cursor stands, as Postgres's portal keeps it: before the first row (`atStart`), after the
 * last (`atEnd`), or on row `pos` (1-based). A cursor declared NO SCROLL moves forward only.
 */
export interface PortalPosition {
  atStart: boolean;
  atEnd: boolean;
  pos: number;
  readonly noScroll: boolean;
}

/** A new cursor: before its first row. */
export function startPosition(noScroll: boolean): PortalPosition {
  return { atStart: true, atEnd: false, pos: 0, noScroll };
}

/**
 * What runs a cursor's query one way: `count` rows forward or backward (0: all there are), returning
 * them when `keep` (a FETCH's last step) and how many it passed. Rows behind the cursor are there to
 * read backward only when it is scrollable (cursor-rows.ts).
 */
export interface PortalRows {
  run(forward: boolean, count: number, keep: boolean): Promise<{ rows: Cell[][]; processed: number }>;
  /** Back before the first row (ExecutorRewind). */
  rewind(): void;
}

/** The parser's FETCH_ALL (`LONG_MAX` in its 32-bit build): `FETCH ALL`, `MOVE BACKWARD ALL`. */
export const FETCH_ALL = 2147483647;

type Direction = 'FETCH_FORWARD' | 'FETCH_BACKWARD' | 'FETCH_ABSOLUTE' | 'FETCH_RELATIVE';

/**
 * FETCH or MOVE over a cursor the engine keeps, step for step as Postgres's DoPortalRunFetch,
 * PortalRunSelect and DoPortalRewind run them — the rows, the count of the tag and the errors:
 *   fetch absolute 3 (on row 5, scroll)   → back 2 rows without returning them, returns row 3's row
 *   fetch last (before the first row)      → reads to the end, then returns the last row backward
 *   move backward all (on row 4)           → MOVE 3, the cursor before the first row
 *   fetch prior (NO SCROLL)                → 55000 cursor can only scan forward
 *   fetch 0 (NO SCROLL, on a row)          → 55000 too: re-fetching backs up one row first
 */
export async function portalFetch(
  position: PortalPosition,
  rows: PortalRows,
  fetch: Pick<FetchStmt, 'direction' | 'howMany' | 'ismove'>,
): Promise<{ rows: Cell[][]; count: number }> {
  const keep = !fetch.ismove;
  let direction = (fetch.direction ?? 'FETCH_FORWARD') as Direction;
  let count = Number(fetch.howMany ?? 0);
  const select = (forward: boolean, n: number, dest: boolean) =>
    portalRunSelect(position, rows, forward, n, dest);
  const none = async (forward: boolean, n: number) => void (await select(forward, n, false));
  switch (direction) {
    case 'FETCH_FORWARD':
    case 'FETCH_BACKWARD':
      if (count < 0) {
        direction = direction === 'FETCH_FORWARD' ? 'FETCH_BACKWARD' : 'FETCH_FORWARD';
        count = -count;
      }
      break;
    case 'FETCH_ABSOLUTE':
      if (count > 0) {
        // Rewind when the target is less than halfway from the start; else go from where it stands.
        if (count - 1 <= Math.floor(position.pos / 2)) {
          rewind(position, rows);
          if (count > 1) await none(true, count - 1);
        } else {
          const pos = position.pos + (position.atEnd ? 1 : 0);
          if (count <= pos) await none(false, pos - count + 1);
          else if (count > pos + 1) await none(true, count - pos - 1);
        }
        return select(true, 1, keep);
      }
      if (count < 0) {
        // To the end, back |count| - 1 rows, and the row before.
        await none(true, FETCH_ALL);
        if (count < -1) await none(false, -count - 1);
        return select(false, 1, keep);
      }
      rewind(position, rows);
      return select(true, 0, keep);
    case 'FETCH_RELATIVE':
      if (count > 0) {
        if (count > 1) await none(true, count - 1);
        return select(true, 1, keep);
      }
      if (count < 0) {
        if (count < -1) await none(false, -count - 1);
        return select(false, 1, keep);
      }
      direction = 'FETCH_FORWARD';
      break;
  }
  let forward = direction === 'FETCH_FORWARD';
  if (count === 0) {
    // The current row again: MOVE 0 only says whether there is one; FETCH backs up one and reads it.
    const onRow = !position.atStart && !position.atEnd;
    if (!keep) return { rows: [], count: onRow ? 1 : 0 };
    if (onRow) {
      await none(false, 1);
      count = 1;
      forward = true;
    }
  }
  if (!forward && count === FETCH_ALL && !keep) {
    // MOVE BACKWARD ALL is a rewind: it counts the rows it would have passed.
    let moved = position.pos;
    if (moved > 0 && !position.atEnd) moved--;
    rewind(position, rows);
    return { rows: [], count: moved };
  }
  return select(forward, count, keep);
}

/** One run of the cursor's query one way, and where the cursor stands after it (PortalRunSelect). */
async function portalRunSelect(
  position: PortalPosition,
  rows: PortalRows,
  forward: boolean,
  count: number,
  keep: boolean,
): Promise<{ rows: Cell[][]; count: number }> {
  if (!forward && position.noScroll) throw scanForwardOnly();
  const stays = forward ? position.atEnd || count <= 0 : position.atStart || count <= 0;
  if (stays) return { rows: [], count: 0 };
  const all = count === FETCH_ALL;
  const ran = await rows.run(forward, all ? 0 : count, keep);
  const n = ran.processed;
  if (forward) {
    if (n > 0) position.atStart = false;
    if (all || n < count) position.atEnd = true;
    position.pos += n;
  } else {
    if (n > 0 && position.atEnd) {
      position.atEnd = false;
      position.pos++;
    }
    if (all || n < count) {
      position.atStart = true;
      position.pos = 0;
    } else position.pos -= n;
  }
  return { rows: ran.rows, count: n };
}

/** Back before the first row (DoPortalRewind): a NO SCROLL cursor only when it has not moved yet. */
function rewind(position: PortalPosition, rows: PortalRows): void {
  if (position.atStart && !position.atEnd) return;
  if (position.noScroll) throw scanForwardOnly();
  rows.rewind();
  position.atStart = true;
  position.atEnd = false;
  position.pos = 0;
}

function scanForwardOnly(): EngineError {
  return new EngineError(SqlState.objectNotInPrerequisiteState, 'cursor can only scan forward', {
    hint: 'Declare it with SCROLL option to enable backward scan.',
  });
}

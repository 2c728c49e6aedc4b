import type { FetchStmt } from '@pgsql/types';
import type { Host } from '../host/host';

/**
 * `dynascope.cursor_move(cursor, direction, n)`: a MOVE over a cursor the host keeps (over host tables),
 * returning the number of rows moved as Postgres's `MOVE n` counts them. PGlite reports no count for
 * MOVE, nor does node-postgres's tag reading here; PL/pgSQL's MOVE runs the same portal fetch as SQL's
 * (PortalRunFetch, rows discarded) and gives its count to GET DIAGNOSTICS ROW_COUNT. Errors are the
 * SQL MOVE's own (34000 for an unknown cursor, 55000 moving backward on a NO SCROLL cursor).
 */
export const HOST_MOVE_DDL = `
create or replace function dynascope.cursor_move(c refcursor, direction text, n integer) returns bigint
language plpgsql volatile
as $$
declare
  moved bigint;
begin
  case direction
    when 'forward' then move forward n from c;
    when 'forward all' then move forward all from c;
    when 'backward' then move backward n from c;
    when 'backward all' then move backward all from c;
    when 'absolute' then move absolute n from c;
    when 'relative' then move relative n from c;
  end case;
  get diagnostics moved = row_count;
  return moved;
end
$$;
`;

/** The parser's FETCH_ALL (`LONG_MAX` in its 32-bit build): `MOVE ALL`, `MOVE BACKWARD ALL`. */
const ALL = 2147483647;

const DIRECTIONS: Readonly<Record<string, string>> = {
  FETCH_FORWARD: 'forward',
  FETCH_BACKWARD: 'backward',
  FETCH_ABSOLUTE: 'absolute',
  FETCH_RELATIVE: 'relative',
};

/**
 * A MOVE's direction and count as cursor_move takes them (the tree leaves a count of 0 out):
 *   move 3 in c → ['c', 'forward', 3];  move all in c → ['c', 'forward all', 0];
 *   move last in c → ['c', 'absolute', -1];  move prior in c → ['c', 'backward', 1]
 */
export function moveArguments(move: FetchStmt): [string, string, number] {
  const n = Number(move.howMany ?? 0);
  const direction = DIRECTIONS[move.direction ?? 'FETCH_FORWARD'] ?? 'forward';
  const all = n >= ALL && (direction === 'forward' || direction === 'backward');
  return [move.portalname ?? '', all ? `${direction} all` : direction, all ? 0 : n];
}

/** Runs a MOVE over a host cursor; the number of rows it moved (`MOVE n`). */
export async function moveHostCursor(host: Host, move: FetchStmt): Promise<number> {
  const r = await host.query('select dynascope.cursor_move($1, $2, $3)', moveArguments(move));
  return Number(r.rows[0]![0]);
}

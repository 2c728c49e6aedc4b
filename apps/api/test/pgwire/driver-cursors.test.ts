import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgFixture, type PgFixture } from './pg-fixture';
import { pythonCheck } from './python-check';

/**
 * Server-side cursors as psycopg 3 runs them (DECLARE, a Describe of the portal by its name, MOVE and
 * FETCH) over a foreign table of 2,000 rows — more than the engine keeps in memory — and over a local
 * table, on the PGlite host and (npm run test:pg) a PostgreSQL host. A missing client fails: never skipped.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(2_000);
});
afterAll(async () => {
  await fx?.close();
});

describe('psycopg 3 server-side cursors', () => {
  it('scroll a SCROLL cursor, refuse a NO SCROLL one going back, and describe a cursor that moved', async () => {
    expect(await pythonCheck(fx.connection, 'psycopg3_cursors.py')).toEqual({
      // cursor.scroll over a foreign table's SCROLL cursor, by row number: 1-3, back to 2, 1501, 102, 1.
      scroll: '2000 [1, 2, 3, 2, 1501, 102, 1] 1',
      'no scroll back': '55000',
      // libpq's Describe by the cursor's name (PQdescribePortal) after it moved: its columns, and the
      // next FETCH goes on where the moves left it (row 7; 300 then back 2: row 299; unmoved: row 1).
      'describe foreign no scroll': 'device_id:23 ts:20 7',
      'describe foreign scroll': 'device_id:23 ts:20 299',
      'describe local scroll': 'device_id:23 ts:20 299',
      'describe local no scroll': 'device_id:23 ts:20 7',
      'describe local unmoved': 'device_id:23 ts:20 1',
    });
  });
});

import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { referencePair, sideConnection } from './reference-pair';

/**
 * The database a wire client names at start-up is any name (as the user is), and the session's
 * `current_database()` is the host's — `postgres` on the embedded PGlite — not the name the client
 * sent nor a fixed `dynascope`: clients look their database up in pg_database by it (pgAdmin's
 * `where db.datname = current_database()`, DBeaver's database oid), and pg_database holds the host's
 * databases only. As on PostgreSQL, the current database is one pg_database lists.
 */
const pair = referencePair(0);

async function answer(config: pg.ClientConfig): Promise<unknown[]> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    const r = await client.query({
      text: `select current_database(), current_catalog,
               (select count(*)::int from pg_database where datname = current_database()) as listed`,
      rowMode: 'array',
    });
    return r.rows[0]!;
  } finally {
    await client.end();
  }
}

describe('current_database() over the wire', () => {
  it('is the host’s database, listed in pg_database, whatever name the client connected with', async () => {
    const ours = sideConnection(pair, 'ours');
    for (const database of ['dynascope', 'postgres', 'some_other_name'])
      expect({ database, answer: await answer({ ...ours, database }) }).toEqual({
        database,
        answer: ['postgres', 'postgres', 1],
      });
    // PostgreSQL: the database connected to, listed too.
    expect(await answer(sideConnection(pair, 'theirs'))).toEqual(['postgres', 'postgres', 1]);
  });
});

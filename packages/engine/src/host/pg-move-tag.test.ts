import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Engine } from '../engine';
import { ok, openTestEngine } from '../../test/support/harness';
import { MOVE_DECLARE, MOVE_SETUP, MOVE_STEPS, moveCounts } from '../../test/support/move-script';
import { createTestDatabase } from '../../test/support/pg-database';

/**
 * Issue 12, against PostgreSQL itself: the tag of every MOVE of the script (test/support/move-script.ts)
 * equals the one PostgreSQL gives for the same script over node-postgres — on the PostgreSQL host,
 * where the tag comes from the server, and on PGlite, whose result carries no count for a MOVE (the
 * engine counts the rows it passed). It runs with the test cluster (npm run test:pg), on both hosts.
 */
describe('MOVE tags equal PostgreSQL’s own', () => {
  let expected: [string, number][];

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase('template1') });
    await client.connect();
    try {
      await client.query(MOVE_SETUP);
      await client.query(`begin; ${MOVE_DECLARE}`);
      expected = [];
      for (const step of MOVE_STEPS) {
        const r = await client.query(step);
        expected.push([r.command, r.rowCount ?? -1]);
      }
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  const engines: Engine[] = [];
  afterAll(() => Promise.all(engines.map((e) => e.close())));

  const opened = async (engine: Engine) => {
    engines.push(engine);
    await ok(engine, MOVE_SETUP);
    return engine;
  };

  it('PostgreSQL moves past rows in the script (the reference is not all zeros)', () => {
    expect(expected[0]).toEqual(['MOVE', 3]);
    expect(expected.filter(([, n]) => n > 0).length).toBeGreaterThan(10);
  });

  it('on the PostgreSQL host', async () => {
    const engine = await opened(await openTestEngine());
    expect(await moveCounts(engine, MOVE_STEPS)).toEqual(expected);
  });

  it('on PGlite', async () => {
    const engine = await opened(
      await Engine.open({
        vaultKey: 'test-vault-key',
        loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
      }),
    );
    expect(await moveCounts(engine, MOVE_STEPS)).toEqual(expected);
  });
});

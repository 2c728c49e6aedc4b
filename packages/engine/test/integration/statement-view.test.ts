import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/engine';
import { Session } from '../../src/session/session';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Per-statement work of a point lookup through the engine (issue 18, the API's lookup): a statement
 * builds its session's view once — the one its context carries (engine.ts context) — and reads its
 * settings (statement_timeout, the retry budget, the governor's limits) from the session without a
 * second view only to read them. Each view makes the statement's table caches and a dozen closures.
 *   select v from lk.t where id = 'k1'   → one Session.view(), its rows as before
 *   SET statement_timeout = '5s'  → the session's settings then say 5000 ms, as before
 */
describe('a statement builds its session view once', () => {
  let engine: Engine;
  const table = uniqueName('view_once');

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'k1' }, v: { S: 'one' } },
      { id: { S: 'k2' }, v: { S: 'two' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create schema lk;
       create foreign table lk.t (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    // Planned and cached once, as a client sending the same lookup again finds it.
    await ok(engine, `select v from lk.t where id = 'k1'`);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await engine?.close();
  });

  /** The rows of `sql` and how many session views running it built. */
  async function viewsOf(sql: string): Promise<{ rows: unknown[][]; views: number }> {
    const view = vi.spyOn(Session.prototype, 'view');
    try {
      const statements = await ok(engine, sql);
      return { rows: statements.at(-1)!.rows, views: view.mock.calls.length };
    } finally {
      view.mockRestore();
    }
  }

  it('a point lookup builds one', async () => {
    expect(await viewsOf(`select v from lk.t where id = 'k1'`)).toEqual({ rows: [['one']], views: 1 });
  });

  it('a statement the host answers builds one', async () => {
    expect(await viewsOf('select 1')).toEqual({ rows: [[1]], views: 1 });
  });

  it("a session's settings read without a view are what it SET", async () => {
    const r = await engine.execute(`set statement_timeout = '5s'`, { session: 'view-once' });
    expect(r.error).toBeUndefined();
    expect((await engine.sessionSettings('view-once')).statementTimeoutMs).toBe(5000);
    await engine.execute('reset statement_timeout', { session: 'view-once' });
    expect((await engine.sessionSettings('view-once')).statementTimeoutMs).toBe(0);
  });
});

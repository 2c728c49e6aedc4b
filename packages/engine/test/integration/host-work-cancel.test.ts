import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { testPostgresUrl } from '../support/pg-database';

const ON_POSTGRES = testPostgresUrl() !== undefined;
const CANCELLED = 'canceling statement due to user request';

/**
 * A cancel (POST /api/sql/cancel, the wire's CancelRequest: the statement's abort signal) stops the
 * host's work as well as the DynamoDB calls, where the host can: on a PostgreSQL server the session's
 * backend gets a CancelRequest and the statement fails with Postgres's `57014 canceling statement
 * due to user request`; a block it ran in is aborted, and the session goes on. PGlite has no way to
 * interrupt a statement: it runs to its end (packages/engine/README.md says so).
 *   select pg_sleep(3)  -- cancelled after 300 ms
 *   → PostgreSQL host: 57014 at once; PGlite: the statement's answer after 3 s
 */
describe.each(BACKENDS)('a cancel stops host work on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('host_cancel');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 200 }, (_, i) => ({ id: { N: String(i) }, body: { S: 'x'.repeat(2000) } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'host_cancel');
    await ok(
      engine,
      `create foreign table hc (id bigint, body text) server host_cancel options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  const okIn = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    expect(r.error).toBeUndefined();
  };

  /** Runs `sql` in `session`, its signal aborted `afterMs` after it starts. */
  const cancelledAfter = (sql: string, session: string, afterMs: number) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('cancelled by the client')), afterMs);
    return engine.execute(sql, { session, signal: controller.signal }).finally(() => clearTimeout(timer));
  };

  // A cancel that did not reach a PostgreSQL server would leave its statement to sleep past the
  // test's timeout; PGlite's runs to its end, so it sleeps only a second there.
  const SLEEP = ON_POSTGRES ? 60 : 1;

  it('host work over a foreign table: 57014 on a PostgreSQL server, its answer on PGlite', async () => {
    const session = uniqueName('s');
    await okIn('select id from hc where id = 7', session);
    // The lookup answers well within 800 ms: the cancel comes during the host's work.
    const r = await cancelledAfter(
      `select pg_sleep(${String(SLEEP)}), id from hc where id = 7`,
      session,
      800,
    );
    if (ON_POSTGRES) {
      expect(r.error).toMatchObject({ sqlstate: '57014', message: CANCELLED, statementIndex: 0 });
    } else {
      expect(r.error).toBeUndefined();
      expect(r.statements[0]?.rows).toEqual([['', '7']]);
    }
    // The session goes on: nothing of the cancel is left to hit its next statements.
    for (let i = 0; i < 3; i++) {
      const next = await engine.execute(`select ${String(i)} as n`, { session });
      expect(next.error).toBeUndefined();
      expect(next.statements[0]?.rows).toEqual([[i]]);
    }
  });

  it('inside a block: the block is aborted (25P02 after it) and ROLLBACK ends it', async () => {
    const session = uniqueName('s');
    await okIn('begin', session);
    const r = await cancelledAfter(`select pg_sleep(${String(SLEEP)})`, session, 300);
    if (ON_POSTGRES) {
      expect(r.error).toMatchObject({ sqlstate: '57014', message: CANCELLED });
      const after = await engine.execute('select 1', { session });
      expect(after.error?.sqlstate).toBe('25P02');
    } else {
      expect(r.error).toBeUndefined();
    }
    await okIn('rollback', session);
    const after = await engine.execute('select 2', { session });
    expect(after.statements[0]?.rows).toEqual([[2]]);
  });

  it('a cancel during the DynamoDB reads stops them, and leaves nothing to cancel the next statements', async () => {
    const session = uniqueName('s');
    await okIn('set dynascope.max_rcu_per_second = 20', session);
    const r = await cancelledAfter('select count(*) from hc', session, 300);
    expect(r.error).toMatchObject({ sqlstate: '57014' });
    await okIn('reset dynascope.max_rcu_per_second', session);
    for (let i = 0; i < 3; i++) {
      const next = await engine.execute('select count(*) from hc', { session });
      expect(next.error).toBeUndefined();
      expect(next.statements[0]?.rows).toEqual([['200']]);
    }
  });
});

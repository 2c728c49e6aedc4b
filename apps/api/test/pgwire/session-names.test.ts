import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/demo-fixture';
import { startPgFixture, type PgFixture } from './pg-fixture';

/**
 * An HTTP request's `session` and a wire connection's session are apart whatever the value
 * (src/http/http-session.ts). Wire connections' engine sessions were `pgwire-<pid>`, the pid psql
 * shows as pg_backend_pid(), and an HTTP `"session": "pgwire-<pid>"` ran inside that connection's
 * session: its settings, its temp tables, its open transaction block, which it could COMMIT.
 */
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(20);
});
afterAll(async () => {
  await fx?.close();
});

const sql = (text: string, session: string) =>
  call(fx.app, 'POST', '/api/sql', { body: { sql: text, session } });

describe('HTTP sessions and wire connections', () => {
  it('an HTTP session named after a wire connection is a session of its own', async () => {
    const client = new pg.Client(fx.connection);
    await client.connect();
    try {
      const pid = (client as unknown as { processID: number }).processID;
      await client.query("set application_name = 'from_psql'; create temp table wire_own (x int)");
      const named = `pgwire-${pid}`;
      const shown = await sql('show application_name', named);
      expect(shown.status).toBe(200);
      expect(shown.body.statements[0].rows).toEqual([['']]);
      // The connection does not see the HTTP session's settings.
      await sql("set application_name = 'from_http'", named);
      expect((await client.query('show application_name')).rows).toEqual([{ application_name: 'from_psql' }]);
      // Nor is the HTTP session inside the connection's block: on PGlite's one connection it waits
      // for the block's end (5 s, then 55P03) rather than COMMIT it.
      await client.query('begin; insert into wire_own values (42)');
      const committed = await sql('commit', named);
      expect(committed.body.error?.sqlstate).toBe('55P03');
      await client.query('rollback');
      expect((await client.query('select count(*)::int as n from wire_own')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});

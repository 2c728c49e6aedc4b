import pg from 'pg';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, TEST_TOKEN } from '../support/demo-fixture';
import { startPgFixture, type PgFixture } from './pg-fixture';

// node-postgres (the extended protocol for every query with parameters) against the real server.
let fx: PgFixture;

beforeAll(async () => {
  fx = await startPgFixture(2_000);
});
afterAll(async () => {
  await fx?.close();
});

async function connect(): Promise<{ client: pg.Client; notices: string[] }> {
  const client = new pg.Client(fx.connection);
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? ''));
  await client.connect();
  return { client, notices };
}

describe('node-postgres', () => {
  it('starts with the ParameterStatus values clients expect and the host Postgres version', async () => {
    const client = new pg.Client(fx.connection);
    const status: Record<string, string> = {};
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
      status[m.parameterName] = m.parameterValue;
    });
    await client.connect();
    try {
      const host = await client.query(
        "select current_setting('server_version') as v, current_setting('TimeZone') as tz",
      );
      expect(status).toMatchObject({
        server_version: host.rows[0].v,
        client_encoding: 'UTF8',
        server_encoding: 'UTF8',
        DateStyle: 'ISO, MDY',
        integer_datetimes: 'on',
        standard_conforming_strings: 'on',
        TimeZone: host.rows[0].tz,
        session_authorization: 'dynascope',
      });
      expect(status.server_version).toMatch(/^1\d\.\d+/);
      // A SET of a reported setting is reported again, as Postgres does.
      await client.query("set timezone = 'Asia/Tokyo'");
      expect(status.TimeZone).toBe('Asia/Tokyo');
      const keys = client as unknown as { processID: number; secretKey: number };
      expect(keys.processID).toBeGreaterThan(0);
      expect(keys.secretKey).toEqual(expect.any(Number));
    } finally {
      await client.end();
    }
  });

  it('binds parameters of several types, text and binary', async () => {
    const { client } = await connect();
    try {
      const r = await client.query({
        text: 'select $1::int + 1 as n, $2::text as t, $3::numeric * 2 as d, $4::boolean as b, $5::bytea as x, $6::jsonb as j',
        values: [41, "it's", '12345678901234567890.5', true, Buffer.from([0, 255]), { a: 1 }],
      });
      expect(r.rows).toEqual([
        { n: 42, t: "it's", d: '24691357802469135781.0', b: true, x: Buffer.from([0, 255]), j: { a: 1 } },
      ]);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 1700, 16, 17, 3802]);
      const users = await client.query('select user_id, age from users where user_id = $1', ['u0002']);
      expect(users.rows).toEqual([{ user_id: 'u0002', age: expect.any(Number) }]);
    } finally {
      await client.end();
    }
  });

  it('sends floats in the extended protocol as the host prints them under extra_float_digits', async () => {
    const { client } = await connect();
    try {
      await client.query(`set extra_float_digits = -2`);
      // Texts as sent, not parsed into JavaScript numbers.
      const raw = { getTypeParser: () => (text: string) => text };
      const sql = 'select 12345::real as r, 1e14::float8 as d, $1::float8 / 3 as q';
      const extended = await client.query({ text: sql, values: [2], types: raw });
      expect(extended.rows).toEqual([{ r: '1.234e+04', d: '1e+14', q: '0.6666666666667' }]);
      // The same as the simple protocol gives (the host's own output).
      const simple = await client.query({ text: sql.replace('$1', '2'), types: raw });
      expect(extended.rows).toEqual(simple.rows);
    } finally {
      await client.end();
    }
  });

  it('describes columns with their real type oids, also for rows read straight from DynamoDB', async () => {
    const { client } = await connect();
    try {
      const r = await client.query(
        "select user_id, age, lifetime_value, active, _attrs from users where user_id = 'u0001'",
      );
      expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
        ['user_id', 25],
        ['age', 23],
        ['lifetime_value', 1700],
        ['active', 16],
        ['_attrs', 3802],
      ]);
      expect(r.rows[0]).toMatchObject({
        user_id: 'u0001',
        age: expect.any(Number),
        active: expect.any(Boolean),
      });
    } finally {
      await client.end();
    }
  });

  it('answers the catalog queries GUI clients send on connect (they run in the host, untouched)', async () => {
    const { client } = await connect();
    try {
      // As DBeaver and DataGrip ask them (through pgjdbc: the extended protocol, parameters).
      const version = await client.query('select version()');
      expect(version.rows[0].version).toMatch(/^PostgreSQL 1\d/);
      const schemas = await client.query(
        `select n.oid, n.*, d.description from pg_catalog.pg_namespace n
           left outer join pg_catalog.pg_description d on d.objoid = n.oid and d.objsubid = 0
            and d.classoid = 'pg_namespace'::regclass
          order by nspname`,
      );
      expect(schemas.rows.map((r) => r.nspname)).toEqual(expect.arrayContaining(['public', 'dynamodb']));
      const relations = await client.query(
        `select c.oid, c.relname, c.relkind, d.description from pg_catalog.pg_class c
           left outer join pg_catalog.pg_description d on d.objoid = c.oid and d.objsubid = 0
            and d.classoid = 'pg_class'::regclass
          where c.relnamespace = $1 and c.relkind not in ('i', 'I', 'c') order by c.relname`,
        [schemas.rows.find((r) => r.nspname === 'public').oid],
      );
      const events = relations.rows.find((r) => r.relname === 'events');
      expect(events).toMatchObject({ relkind: 'f' });
      const columns = await client.query(
        `select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull
           from pg_catalog.pg_attribute a
          where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [events.oid],
      );
      expect(columns.rows.slice(0, 2)).toEqual([
        { attname: 'device_id', type: 'integer', attnotnull: true },
        { attname: 'ts', type: 'bigint', attnotnull: true },
      ]);
      const options = await client.query(
        `select ftoptions from pg_catalog.pg_foreign_table where ftrelid = $1`,
        [events.oid],
      );
      expect(options.rows[0].ftoptions).toContain('table=events');
      const session = await client.query('select current_schema(), session_user, current_database()');
      expect(session.rows[0]).toMatchObject({ current_schema: 'public' });
    } finally {
      await client.end();
    }
  });

  it('runs a named prepared statement again and again (one Parse, then Bind/Execute)', async () => {
    const { client } = await connect();
    try {
      const ids: string[] = [];
      for (let i = 1; i <= 7; i++) {
        const r = await client.query({
          name: 'user-by-id',
          text: 'select user_id from users where user_id = $1',
          values: [`u000${i}`],
        });
        ids.push(r.rows[0].user_id);
      }
      expect(ids).toEqual(['u0001', 'u0002', 'u0003', 'u0004', 'u0005', 'u0006', 'u0007']);
    } finally {
      await client.end();
    }
  });

  it('refuses a statement over the cost guard with 54000, and the connection goes on', async () => {
    const { client } = await connect();
    try {
      await client.query('set dynascope.max_statement_rcu = 0.5');
      const err = await client.query('select * from events').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: '54000', message: expect.stringContaining('max_statement_rcu') });
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('sends the capacity NOTICE after each statement that reads DynamoDB, unless turned off', async () => {
    const { client, notices } = await connect();
    try {
      // The first statement over events (dynalite: no size from DescribeTable) also samples it.
      await client.query('select * from events where device_id = 1 and ts > 0');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(
        /^DynamoDB: Query events \[device_id = 1 AND ts > 0\]: \d+ items? scanned, \d+ returned(, [\d.]+ RCU sampled for estimates)?; consumed [\d.]+ RCU$/,
      );
      // The next plans with the figures it sampled.
      await client.query('select * from events where device_id = 1 and ts > 0');
      expect(notices).toHaveLength(2);
      expect(notices[1]).toMatch(
        /^DynamoDB: Query events \[device_id = 1 AND ts > 0\]: \d+ items? scanned, \d+ returned; consumed [\d.]+ RCU$/,
      );
      await client.query('select 1');
      expect(notices).toHaveLength(2);
      await client.query('set dynascope.capacity_notices = off');
      await client.query("select * from users where user_id = 'u0001'");
      expect(notices).toHaveLength(2);
    } finally {
      await client.end();
    }
  });

  it('reads the keys of `= any($1)` bound to an array by key, typed as Postgres types them', async () => {
    const { client, notices } = await connect();
    try {
      // node-postgres sends an array as its text, its type left open: the parameter is text[].
      const r = await client.query('select user_id from users where user_id = any($1) order by 1', [
        ['u0002', 'u0001', 'nobody'],
      ]);
      expect(r.rows).toEqual([{ user_id: 'u0001' }, { user_id: 'u0002' }]);
      expect(notices.at(-1)).toMatch(/^DynamoDB: BatchGetItem users /);
    } finally {
      await client.end();
    }
  });

  it('BEGIN ... ROLLBACK leaves DynamoDB as it was; an error aborts the block until ROLLBACK', async () => {
    const { client } = await connect();
    const other = await connect();
    const statuses: string[] = [];
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('readyForQuery', (m: { status: string }) => statuses.push(m.status));
    try {
      await client.query('begin');
      await client.query("insert into users (user_id, name) values ('tx-1', 'Temp')");
      const inside = await client.query("select name from users where user_id = 'tx-1'");
      expect(inside.rows).toEqual([{ name: 'Temp' }]);
      const failed = await client.query('select 1/0').catch((e: unknown) => e);
      expect(failed).toMatchObject({ code: '22012' });
      const aborted = await client.query('select 1').catch((e: unknown) => e);
      expect(aborted).toMatchObject({ code: '25P02' });
      await client.query('rollback');
      // ReadyForQuery: in the block, then failed in it, then idle again.
      expect(statuses).toEqual(['T', 'T', 'T', 'E', 'E', 'I']);
      const after = await other.client.query("select count(*)::int as n from users where user_id = 'tx-1'");
      expect(after.rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
      await other.client.end();
    }
  });

  it('streams a large result with a row limit per Execute (portal suspension)', async () => {
    const { client } = await connect();
    try {
      const cursor = client.query(new Cursor('select device_id, ts from events order by device_id, ts'));
      let total = 0;
      let batches = 0;
      for (;;) {
        const rows = await cursor.read(300);
        if (!rows.length) break;
        expect(rows.length).toBeLessThanOrEqual(300);
        total += rows.length;
        batches++;
      }
      await cursor.close();
      const count = await client.query('select count(*)::int as n from events');
      expect(total).toBe(count.rows[0].n);
      expect(batches).toBe(Math.ceil(total / 300));
    } finally {
      await client.end();
    }
  });

  it('reports errors with SQLSTATE, position, detail and hint fields', async () => {
    const { client } = await connect();
    try {
      // A parameterised query (Parse as PREPARE): the position is in the client's text, not the PREPARE's.
      const err = await client
        .query('select nosuch from users where user_id = $1', ['u1'])
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: '42703', severity: 'ERROR', position: '8' });
      for (const [sql, at] of [
        ['select user_id from users where nosuch = $1', 'nosuch'],
        [
          'select u.user_id from users u join orders o on o.nosuch = u.user_id where u.user_id = $1',
          'o.nosuch',
        ],
        ['select relname from pg_catalog.pg_class where nosuch = $1', 'nosuch'],
      ] as const) {
        const bad = await client.query(sql, ['u1']).catch((e: unknown) => e);
        expect(bad).toMatchObject({ code: '42703', position: String(sql.indexOf(at) + 1) });
      }
      // A bound value that is not of its type: no position (it is not in the query text).
      const value = await client.query('select 1 + $1::int as n', ['zz']).catch((e: unknown) => e);
      expect(value).toMatchObject({ code: '22P02', position: undefined });
      const simple = await client.query('select nosuch from users').catch((e: unknown) => e);
      expect(simple).toMatchObject({ code: '42703', position: '8' });
    } finally {
      await client.end();
    }
  });

  it('refuses a wrong password with 28P01', async () => {
    const client = new pg.Client({ ...fx.connection, password: 'wrong' });
    const err = await client.connect().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '28P01' });
  });

  it('GET /api/connection tells the web app where to connect, without the token', async () => {
    const res = await call(fx.app, 'GET', '/api/connection');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      postgres: { host: '127.0.0.1', port: fx.server.port, user: 'dynascope', database: 'dynascope' },
    });
    expect(res.text).not.toContain(TEST_TOKEN);
    expect((await call(fx.app, 'GET', '/api/connection', { token: null })).status).toBe(401);
  });

  it('refuses a Parse of several statements and runs none of them', async () => {
    const { client } = await connect();
    try {
      const err = await client
        .query("select $1::int; insert into users (user_id, name) values ('multi-1', 'x')", [1])
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: '42601',
        message: 'cannot insert multiple commands into a prepared statement',
      });
      const n = await client.query("select count(*)::int as n from users where user_id = 'multi-1'");
      expect(n.rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('a connection that goes away mid-transaction is rolled back: other sessions are not kept waiting', async () => {
    const { client } = await connect();
    client.on('error', () => undefined); // its socket is cut below, on purpose
    await client.query('begin');
    await client.query("select user_id from users where user_id = 'u0001'");
    const socket = (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream;
    socket.destroy();
    const other = await connect();
    try {
      const started = Date.now();
      expect((await other.client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      // Another session's open block would hold this one for transactionWaitMs (5 s), then 55P03.
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await other.client.end();
    }
  });
});

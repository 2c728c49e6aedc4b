import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startDemoFixture, type DemoFixture } from './support/demo-fixture';

// One real engine + dynalite; a small body limit shows that COPY FROM STDIN's body has none.
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 3000, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await fx?.close();
});

const count = async (where: string) => {
  const r = await call(fx.app, 'POST', '/api/sql', {
    body: { sql: `select count(*)::int from users where ${where}` },
  });
  return r.body.statements[0].rows[0][0] as number;
};

describe('POST /api/copy', () => {
  it('answers COPY ... TO STDOUT with the data: Postgres csv, exactly what the same COPY writes in a script', async () => {
    const sql = `copy (select user_id, name, lifetime_value from users order by user_id) to stdout (format csv, header)`;
    const res = await call(fx.app, 'POST', '/api/copy', { body: { sql } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const script = await call(fx.app, 'POST', '/api/sql', { body: { sql, pageSize: 10_000 } });
    const lines = (script.body.statements[0].rows as string[][]).map((r) => r[0]);
    expect(res.text).toBe(lines.join('\n') + '\n');
    expect(lines[0]).toBe('user_id,name,lifetime_value');
    expect(lines.length - 1).toBe(await count('true'));
  });

  it('streams a whole table in FORMAT dynamodb_json as NDJSON, every item', async () => {
    const res = await call(fx.app, 'POST', '/api/copy', {
      body: { sql: 'copy events to stdout (format dynamodb_json)' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.text.trimEnd().split('\n');
    expect(lines).toHaveLength(3000);
    const keys = lines.map((l) => {
      const { Item } = JSON.parse(l) as { Item: Record<string, unknown> };
      return JSON.stringify([Item.device_id, Item.ts]);
    });
    expect(new Set(keys).size).toBe(3000);
  });

  it('runs in the session the request names', async () => {
    expect(
      (
        await call(fx.app, 'POST', '/api/sql', {
          body: { sql: "set datestyle = 'German'", session: 'tab-c' },
        })
      ).status,
    ).toBe(200);
    const sql = "copy (select date '2024-03-05') to stdout";
    expect((await call(fx.app, 'POST', '/api/copy', { body: { sql, session: 'tab-c' } })).text).toBe(
      '05.03.2024\n',
    );
    expect((await call(fx.app, 'POST', '/api/copy', { body: { sql } })).text).toBe('2024-03-05\n');
  });

  it('answers an error before the first byte with the error body', async () => {
    const res = await call(fx.app, 'POST', '/api/copy', {
      body: { sql: 'copy (select * from nope) to stdout' },
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ sqlstate: '42P01', message: 'relation "nope" does not exist' });
    const file = await call(fx.app, 'POST', '/api/copy', { body: { sql: `copy users to '/tmp/users.csv'` } });
    expect(file.status).toBe(400);
    expect(file.body.error.sqlstate).toBe('42501');
  });

  it('takes COPY ... FROM STDIN data as the raw body, beyond the body limit, and answers COPY n', async () => {
    const name = 'n'.repeat(200);
    const body =
      Array.from({ length: 400 }, (_, i) => `zz${String(i).padStart(4, '0')},"${name}, ""${i}"""`).join(
        '\n',
      ) + '\n';
    expect(body.length).toBeGreaterThan(64 * 1024);
    const sql = 'copy users (user_id, name) from stdin (format csv)';
    const res = await call(fx.app, 'POST', `/api/copy?sql=${encodeURIComponent(sql)}`, {
      raw: body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ command: 'COPY', rowCount: 400, consumedWcu: expect.any(Number) as number });
    expect(res.body.consumedWcu).toBeGreaterThan(0);
    expect(await count("user_id like 'zz%'")).toBe(400);
    const back = await call(fx.app, 'POST', '/api/sql', {
      body: { sql: "select name from users where user_id = 'zz0007'" },
    });
    expect(back.body.statements[0].rows).toEqual([[`${name}, "7"`]]);
  });

  it('refuses malformed input with HTTP 400, naming the line, and writes nothing', async () => {
    const sql = 'copy users (user_id, age) from stdin';
    const res = await call(fx.app, 'POST', `/api/copy?sql=${encodeURIComponent(sql)}`, {
      raw: 'yy1\t30\nyy2\tthirty\n',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      sqlstate: '22P02',
      context: 'COPY users, line 2, column age: "thirty"',
    });
    expect(await count("user_id like 'yy%'")).toBe(0);
  });

  const copyFrom = (sql: string, raw: string, query = '') =>
    call(fx.app, 'POST', `/api/copy?sql=${encodeURIComponent(sql)}${query}`, {
      raw,
      headers: { 'content-type': 'text/csv' },
    });

  /** 3,000 csv rows of ~2 KB (6 MB): `bad` puts "abc" in age on that line. */
  const bigBody = (prefix: string, bad?: number) =>
    Array.from(
      { length: 3000 },
      (_, i) =>
        `${prefix}${String(i).padStart(4, '0')},${i + 1 === bad ? 'abc' : i % 90},"${'n'.repeat(2000)} ${i}"`,
    ).join('\n') + '\n';

  it('streams a body of several MiB: a bad value on line 1500 is named and nothing is written; the good body writes every row', async () => {
    const sql = 'copy users (user_id, age, name) from stdin (format csv)';
    const bad = await copyFrom(sql, bigBody('bb', 1500));
    expect(bigBody('bb').length).toBeGreaterThan(5 * 1024 * 1024);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      sqlstate: '22P02',
      message: 'invalid input syntax for type integer: "abc"',
      context: 'COPY users, line 1500, column age: "abc"',
    });
    expect(await count("user_id like 'bb%'")).toBe(0);
    const good = await copyFrom(sql, bigBody('bb'));
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ command: 'COPY', rowCount: 3000 });
    expect(await count("user_id like 'bb%'")).toBe(3000);
    const back = await call(fx.app, 'POST', '/api/sql', {
      body: { sql: "select age, length(name) from users where user_id = 'bb2999'" },
    });
    expect(back.body.statements[0].rows).toEqual([[2999 % 90, 2005]]);
  }, 120_000);

  it('?dryRun=1 checks all of the body and answers the rows, their WCU and the first items, writing nothing', async () => {
    const sql = 'copy users (user_id, age) from stdin (format csv, header)';
    const body = 'user_id,age\n' + Array.from({ length: 30 }, (_, i) => `dr${i},${i}`).join('\n') + '\n';
    const res = await copyFrom(sql, body, '&dryRun=1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ command: 'COPY', rowCount: 30, table: 'users' });
    expect(res.body.estimatedWcu).toBeGreaterThanOrEqual(30);
    expect(res.body.sample).toHaveLength(20);
    expect(res.body.sample[0]).toEqual({ user_id: { S: 'dr0' }, age: { N: '0' } });
    expect(await count("user_id like 'dr%'")).toBe(0);
    const broken = await copyFrom(sql, 'user_id,age\ndr1,x\n', '&dryRun=1');
    expect(broken.status).toBe(400);
    expect(broken.body.error.context).toBe('COPY users, line 2, column age: "x"');
    const wrong = await copyFrom(sql, body, '&dryRun=maybe');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('"dryRun" must be 1, true, 0 or false');
  });
});

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
});

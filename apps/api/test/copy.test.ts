import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyFrame, CopyPreview } from '@dynascope/contract';
import { call, startDemoFixture, TEST_ORIGIN, TEST_TOKEN, type DemoFixture } from './support/demo-fixture';

// One real engine + dynalite; a small body limit shows that COPY FROM STDIN's body has none.
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: 3000, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await fx?.close();
});

const count = async (where: string, session?: string) => {
  const r = await call(fx.app, 'POST', '/api/sql', {
    body: { sql: `select count(*)::int from users where ${where}`, ...(session && { session }) },
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
    // COPY FROM STDIN in a JSON body: where its data goes instead.
    const from = await call(fx.app, 'POST', '/api/copy', { body: { sql: 'copy users from stdin' } });
    expect(from.status).toBe(400);
    expect(from.body.error).toEqual({
      sqlstate: '0A000',
      message: 'COPY ... FROM STDIN takes its data as the request body',
      hint: 'POST /api/copy?sql=<the COPY statement, URL-encoded> with the data as the body',
    });
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

  it("inside the session's transaction block answers held: the rows wait for its COMMIT (ROLLBACK drops them; dynalite's COMMIT refuses them)", async () => {
    const session = 'copy-in-block';
    const inSession = (sql: string) => call(fx.app, 'POST', '/api/sql', { body: { sql, session } });
    expect((await inSession('begin')).status).toBe(200);
    const sql = 'copy users (user_id, age) from stdin (format csv)';
    const held = await copyFrom(sql, 'hb1,1\nhb2,2\n', `&session=${session}`);
    expect(held.status).toBe(200);
    expect(held.body).toEqual({ command: 'COPY', rowCount: 2, consumedWcu: 0, held: true });
    // The block reads its own held writes (other sessions wait for its end on PGlite's one connection).
    expect(await count("user_id like 'hb%'", session)).toBe(2);
    // COMMIT sends held writes as one TransactWriteItems, which dynalite (the demo) does not have:
    // the block is rolled back and says so (DynamoDB and DynamoDB Local write them: the engine's test).
    const committed = await inSession('commit');
    expect(committed.body.error).toMatchObject({
      sqlstate: '0A000',
      message: 'this DynamoDB endpoint has no TransactWriteItems: the transaction block was rolled back',
      detail: 'Nothing was written: the 2 held write(s) were discarded.',
    });
    expect(await count("user_id like 'hb%'")).toBe(0);
    expect((await inSession('begin')).status).toBe(200);
    expect((await copyFrom(sql, 'hr1,1\n', `&session=${session}`)).body.held).toBe(true);
    expect((await inSession('rollback')).status).toBe(200);
    expect(await count("user_id like 'hr%'")).toBe(0);
    // Outside a block the answer has no held.
    const written = await copyFrom(sql, 'hw1,1\n', `&session=${session}`);
    expect(written.body).toEqual({ command: 'COPY', rowCount: 1, consumedWcu: expect.any(Number) as number });
  });

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

describe('POST /api/copy?sql=<COPY ... FROM STDIN> with Accept: application/x-ndjson', () => {
  /** The request, its answer read frame by frame as it arrives; `onFrame` sees each. */
  async function streamed(
    sql: string,
    raw: string,
    query = '',
    onFrame: (frame: CopyFrame<unknown>) => void = () => undefined,
  ): Promise<{ status: number; contentType: string | null; frames: CopyFrame<unknown>[]; text: string }> {
    const res = await fx.app.request(
      `http://127.0.0.1:5480/api/copy?sql=${encodeURIComponent(sql)}${query}`,
      {
        method: 'POST',
        headers: {
          origin: TEST_ORIGIN,
          authorization: `Bearer ${TEST_TOKEN}`,
          accept: 'application/x-ndjson',
          'content-type': 'text/csv',
        },
        body: raw,
      },
    );
    const frames: CopyFrame<unknown>[] = [];
    let text = '';
    let rest = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body!) {
      const piece = decoder.decode(chunk, { stream: true });
      text += piece;
      const lines = (rest + piece).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        if (res.status !== 200) continue;
        const frame = JSON.parse(line) as CopyFrame<unknown>;
        frames.push(frame);
        onFrame(frame);
      }
    }
    return { status: res.status, contentType: res.headers.get('content-type'), frames, text };
  }

  const rowsOf = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')},${i % 90}`).join('\n') + '\n';

  it('answers progress frames, then the result the JSON answer gives', async () => {
    const sql = 'copy users (user_id, age) from stdin (format csv)';
    const res = await streamed(sql, rowsOf('nd', 2000));
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/x-ndjson; charset=utf-8');
    const last = res.frames.at(-1)!;
    expect(last).toEqual({
      type: 'result',
      command: 'COPY',
      rowCount: 2000,
      consumedWcu: expect.any(Number) as number,
    });
    const progress = res.frames.filter((f) => f.type === 'progress');
    expect(progress.map((f) => f.phase)).toContain('checking');
    expect(progress.at(-1)).toMatchObject({
      phase: 'writing',
      rowCount: 2000,
      rowsChecked: 2000,
      rowsWritten: 2000,
      consumedWcu: (last as { consumedWcu: number }).consumedWcu,
    });
    expect(await count("user_id like 'nd%'")).toBe(2000);
  });

  it('a dry run ends with its preview; bad input is the usual error body, as the answer starts once the input is read', async () => {
    const sql = 'copy users (user_id, age) from stdin (format csv)';
    const dry = await streamed(sql, rowsOf('ndd', 50), '&dryRun=1');
    const last = dry.frames.at(-1) as { type: 'result' } & CopyPreview;
    expect(last).toMatchObject({ type: 'result', command: 'COPY', rowCount: 50, table: 'users' });
    expect(last.sample[0]).toEqual({ user_id: { S: 'ndd0000' }, age: { N: '0' } });
    expect(dry.frames.some((f) => f.type === 'progress' && f.phase === 'writing')).toBe(false);
    expect(await count("user_id like 'ndd%'")).toBe(0);
    const bad = await streamed(sql, 'ndb1,1\nndb2,old\n');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      error: { sqlstate: '22P02', context: 'COPY users, line 2, column age: "old"' },
    });
  });

  it('an item refused after the input was read ends the stream with an error frame naming its line and column', async () => {
    const res = await streamed('copy users (user_id, age) from stdin (format csv)', 'nde1,1\n"",2\n');
    expect(res.status).toBe(200);
    expect(res.frames.at(-1)).toMatchObject({
      type: 'error',
      error: { sqlstate: '22023', context: 'COPY users, line 2, column user_id: ""' },
    });
    expect(await count("user_id like 'nde%'")).toBe(0);
  });

  it('POST /api/sql/cancel with its requestId stops the writes; the last frame says how many rows were written', async () => {
    const session = 'copy-cancel';
    await call(fx.app, 'POST', '/api/sql', {
      body: { sql: 'set dynascope.max_wcu_per_second = 50', session },
    });
    const requestId = 'copy-cancel-1';
    let cancelled = false;
    const res = await streamed(
      'copy users (user_id, age) from stdin (format csv)',
      rowsOf('ndc', 1000),
      `&session=${session}&requestId=${requestId}`,
      (frame) => {
        if (!cancelled && frame.type === 'progress' && frame.rowsWritten >= 50) {
          cancelled = true;
          void call(fx.app, 'POST', '/api/sql/cancel', { body: { requestId } });
        }
      },
    );
    expect(cancelled).toBe(true);
    const last = res.frames.at(-1) as {
      type: 'error';
      error: { sqlstate: string; message: string; hint: string };
    };
    expect(last.type).toBe('error');
    expect(last.error.sqlstate).toBe('57014');
    const written = Number(/\((\d+) rows written before the error\)$/.exec(last.error.message)?.[1]);
    expect(written).toBeGreaterThanOrEqual(50);
    expect(written).toBeLessThan(1000);
    expect(last.error.hint).toMatch(/running the same COPY again completes it \(1000 rows in all\)/);
    const landed = await count("user_id like 'ndc%'");
    expect(landed).toBeGreaterThanOrEqual(written);
    expect(landed).toBeLessThan(1000);
  }, 60_000);
});

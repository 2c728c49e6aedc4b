import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY } from '../src/demo/demo-sql';
import { call, seenBodies, startDemoFixture, TEST_TOKEN, type DemoFixture } from './support/demo-fixture';

// One real engine + dynalite for the whole file. 30k events make a full Scan last long enough
// to cancel it.
const EVENTS = 30_000;
const VAULT_SECRET = 'vault-secret-value-8d1f0c';
const PLAIN_KEY_ID = 'AKIAPLAINTEXTKEY4TEST';
const PLAIN_SECRET = 'plain/secret/access/key/5e2b7a';
let fx: DemoFixture;

beforeAll(async () => {
  fx = await startDemoFixture({ events: EVENTS });
});
afterAll(async () => {
  await fx?.close();
});

const sql = (text: string, extra: Record<string, unknown> = {}) =>
  call(fx.app, 'POST', '/api/sql', { body: { sql: text, ...extra } });

describe('POST /api/sql', () => {
  it('runs each "session" apart: its settings and its cursors; no session is the default one', async () => {
    expect((await sql("set datestyle = 'German'", { session: 'tab-a' })).status).toBe(200);
    const a = await sql("select date '2024-03-05'::text", { session: 'tab-a' });
    const b = await sql("select date '2024-03-05'::text", { session: 'tab-b' });
    const none = await sql("select date '2024-03-05'::text");
    expect([a.body.statements[0].rows, b.body.statements[0].rows, none.body.statements[0].rows]).toEqual([
      [['05.03.2024']],
      [['2024-03-05']],
      [['2024-03-05']],
    ]);
    const paged = await sql('select generate_series(1, 30)', { session: 'tab-a', pageSize: 10 });
    const cursor = paged.body.statements[0].cursor;
    const wrong = await call(fx.app, 'POST', '/api/sql/next', { body: { cursor, session: 'tab-b' } });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.sqlstate).toBe('34000');
    const right = await call(fx.app, 'POST', '/api/sql/next', {
      body: { cursor, session: 'tab-a', pageSize: 10 },
    });
    expect(right.body.rows[0]).toEqual([11]);
    expect((await sql('select 1', { session: 7 })).status).toBe(400);
  });

  it('runs a point lookup as a key read and returns the contract shape', async () => {
    const res = await sql("select user_id, name, age, lifetime_value from users where user_id = 'u0001'");
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.error).toBeUndefined();
    const [statement] = res.body.statements;
    expect(statement.command).toBe('SELECT');
    expect(statement.rowCount).toBe(1);
    expect(statement.columns.map((column: { name: string }) => column.name)).toEqual([
      'user_id',
      'name',
      'age',
      'lifetime_value',
    ]);
    expect(statement.rows[0][0]).toBe('u0001');
    // numeric keeps all 38 digits, as a string
    expect(statement.rows[0][3]).toBe('12345678901234567890.123456789012345678');
    expect(statement.cursor).toBeNull();
    const [scan] = statement.plan.scans;
    expect(scan.table).toBe('users');
    expect(['GetItem', 'Query']).toContain(scan.operation);
    expect(typeof statement.consumedRcu).toBe('number');
    expect(typeof statement.durationMs).toBe('number');
    expect(Array.isArray(statement.notices)).toBe(true);
  });

  it('writes json cells verbatim so big numbers keep their digits', async () => {
    const res = await sql(
      "select jsonb_build_object('v', lifetime_value) as j from users where user_id = 'u0001'",
    );
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/"v":\s?12345678901234567890\.123456789012345678\}/);
    expect(res.text).not.toContain('"12345678901234567890.123456789012345678"');
  });

  it('uses a Query for a sort-key range and a Scan for a non-key filter', async () => {
    const query = await sql(
      "select order_date from orders where customer_id = 'u0042' and order_date >= '2024-06-01'",
    );
    expect(query.status).toBe(200);
    expect(query.body.statements[0].plan.scans[0].operation).toBe('Query');
    const scan = await sql("select count(*) from events where kind = 'error'");
    expect(scan.status).toBe(200);
    const plan = scan.body.statements[0].plan.scans[0];
    expect(plan.operation).toMatch(/Scan/);
    expect(plan.consumedRcu).toBeGreaterThan(10);
  });

  it('answers 400 with the statements run before the failing one and a 1-based position', async () => {
    const text = 'select 1 as one;\nselect nope from users;';
    const res = await sql(text);
    expect(res.status).toBe(400);
    expect(res.body.statements).toHaveLength(1);
    expect(res.body.statements[0].rows).toEqual([[1]]);
    expect(res.body.error).toMatchObject({ sqlstate: '42703', statementIndex: 1 });
    expect(res.body.error.position).toBe(text.indexOf('nope') + 1);
  });

  it('reports syntax errors with SQLSTATE 42601', async () => {
    const res = await sql('selec 1');
    expect(res.status).toBe(400);
    expect(res.body.statements).toEqual([]);
    expect(res.body.error).toMatchObject({ sqlstate: '42601', position: 1, statementIndex: 0 });
  });
});

describe('cursors', () => {
  it('pages with /api/sql/next until the cursor is null', async () => {
    const res = await sql('select device_id, ts from events where device_id = 7 order by ts', {
      pageSize: 40,
    });
    expect(res.status).toBe(200);
    const first = res.body.statements[0];
    expect(first.rows).toHaveLength(40);
    expect(typeof first.cursor).toBe('string');
    const total = EVENTS / 200;
    let rows = first.rows.length;
    let cursor: string | null = first.cursor;
    while (cursor) {
      const next = await call(fx.app, 'POST', '/api/sql/next', { body: { cursor, pageSize: 40 } });
      expect(next.status).toBe(200);
      expect(typeof next.body.consumedRcu).toBe('number');
      rows += next.body.rows.length;
      cursor = next.body.cursor;
    }
    expect(rows).toBe(total);
  });

  it('answers 404 with SQLSTATE 34000 for an unknown or closed cursor', async () => {
    const unknown = await call(fx.app, 'POST', '/api/sql/next', { body: { cursor: 'no-such-cursor' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ sqlstate: '34000' });

    const res = await sql('select user_id from users', { pageSize: 5 });
    const cursor = res.body.statements[0].cursor;
    expect(typeof cursor).toBe('string');
    const closed = await call(fx.app, 'POST', '/api/sql/close', { body: { cursor } });
    expect(closed.body).toEqual({ ok: true });
    const after = await call(fx.app, 'POST', '/api/sql/next', { body: { cursor } });
    expect(after.status).toBe(404);
  });
});

describe('POST /api/explain', () => {
  it('plans without reading items', async () => {
    const res = await call(fx.app, 'POST', '/api/explain', {
      body: { sql: "select * from events where kind = 'error'" },
    });
    expect(res.status).toBe(200);
    const [statement] = res.body.statements;
    const [scan] = statement.plan.scans;
    expect(scan.operation).toMatch(/Scan/);
    expect(scan.consumedRcu ?? 0).toBe(0);
    expect(statement.rows).toEqual([]);
  });

  it('reports errors like /api/sql', async () => {
    const text = 'select * from users where nope = 1';
    const res = await call(fx.app, 'POST', '/api/explain', { body: { sql: text } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ sqlstate: '42703', position: text.indexOf('nope') + 1 });
  });
});

describe('POST /api/sql/stream', () => {
  it('sends progress frames, then the result', async () => {
    const res = await call(fx.app, 'POST', '/api/sql/stream', {
      body: { sql: "select count(*) from events where kind = 'click'" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const frames = res.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const last = frames.at(-1);
    expect(last.type).toBe('result');
    expect(last.error).toBeUndefined();
    expect(last.statements[0].rows[0][0]).toMatch(/^\d+$/);
    const progress = frames.filter((frame) => frame.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ statementIndex: 0, relation: expect.any(String) });
    expect(progress.at(-1).itemsScanned).toBeGreaterThan(0);
    expect(typeof progress.at(-1).consumedRcu).toBe('number');
  });

  it('puts a failed statement into the result frame', async () => {
    const res = await call(fx.app, 'POST', '/api/sql/stream', {
      body: { sql: 'select 1; select nope from users' },
    });
    const last = JSON.parse(res.text.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'result', error: { sqlstate: '42703', statementIndex: 1 } });
    expect(last.statements).toHaveLength(1);
  });
});

describe('cancellation', () => {
  // One Scan segment in a session of their own: a read slow enough (30k items one page after the
  // other) for the cancel to come while it runs, whatever the machine's speed.
  const slowScan = 'set dynascope.scan_segments = 1; select * from events where duration_ms < 0';
  const session = 'cancellation-tests';

  it('POST /api/sql/cancel aborts a running statement', async () => {
    const pending = sql(slowScan, { requestId: 'slow-1', session });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const cancel = await call(fx.app, 'POST', '/api/sql/cancel', { body: { requestId: 'slow-1' } });
    expect(cancel.body).toEqual({ cancelled: true });
    const res = await pending;
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ sqlstate: '57014' });
    expect(fx.running.size).toBe(0);
  });

  it('a client disconnect aborts the statement', async () => {
    const client = new AbortController();
    const pending = call(fx.app, 'POST', '/api/sql', {
      body: { sql: slowScan, session },
      signal: client.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    client.abort();
    // app.request hands the signal to the handler as the request's own, as the Node adapter does
    // when the socket closes: the engine gives up with 57014 instead of finishing the Scan.
    const res = await pending;
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ sqlstate: '57014' });
    expect(fx.running.size).toBe(0);
  });

  it('cancels a streaming statement: the result frame carries 57014', async () => {
    const pending = call(fx.app, 'POST', '/api/sql/stream', {
      body: { sql: slowScan, requestId: 'slow-stream', session },
    });
    // Cancel as soon as the statement runs: a fixed wait lost the race once the Scan got faster.
    for (let i = 0; i < 400 && fx.running.size === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const cancel = await call(fx.app, 'POST', '/api/sql/cancel', { body: { requestId: 'slow-stream' } });
    expect(cancel.body).toEqual({ cancelled: true });
    const res = await pending;
    const last = JSON.parse(res.text.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'result', error: { sqlstate: '57014' } });
  });

  it('cancelling an unknown request says so', async () => {
    const res = await call(fx.app, 'POST', '/api/sql/cancel', { body: { requestId: 'nothing-running' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cancelled: false });
  });
});

describe('catalog and designer', () => {
  it('GET /api/catalog lists servers with masked credentials and typed tables with key roles', async () => {
    const res = await call(fx.app, 'GET', '/api/catalog');
    expect(res.status).toBe(200);
    const demo = res.body.servers.find((server: { name: string }) => server.name === 'demo');
    expect(demo.options.region).toBe('us-east-1');
    expect(res.body.schemas).toEqual(expect.arrayContaining(['public', 'dynamodb']));
    const orders = res.body.tables.find(
      (table: { schema: string; name: string }) => table.schema === 'public' && table.name === 'orders',
    );
    expect(orders).toMatchObject({ kind: 'foreign', server: 'demo', dynamoTable: 'orders' });
    const roles = Object.fromEntries(
      orders.columns.map((column: { name: string; keyRole: string | null }) => [column.name, column.keyRole]),
    );
    expect(roles.customer_id).toBe('partition');
    const imported = res.body.tables.filter((table: { schema: string }) => table.schema === 'dynamodb');
    expect(imported.map((table: { name: string }) => table.name).sort()).toEqual([
      'events',
      'orders',
      'products',
      'users',
    ]);
  });

  it('GET /api/servers/:server/tables lists the DynamoDB tables', async () => {
    const res = await call(fx.app, 'GET', '/api/servers/demo/tables');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ server: 'demo', tables: ['events', 'orders', 'products', 'users'] });
  });

  it('GET /api/servers/:server/tables/:table describes keys, indexes and sampled attributes', async () => {
    const res = await call(fx.app, 'GET', '/api/servers/demo/tables/orders?sampleSize=50');
    expect(res.status).toBe(200);
    expect(res.body.partitionKey).toEqual({ name: 'customer_id', type: 'S' });
    expect(res.body.sortKey).toEqual({ name: 'order_date', type: 'S' });
    expect(res.body.indexes.map((index: { name: string }) => index.name)).toEqual(['by_status']);
    const names = res.body.attributes.map((attribute: { name: string }) => attribute.name);
    expect(names).toEqual(expect.arrayContaining(['status', 'total', 'items']));
  });

  it('designer errors use the error shape', async () => {
    const badSample = await call(fx.app, 'GET', '/api/servers/demo/tables/orders?sampleSize=abc');
    expect(badSample.status).toBe(400);
    expect(badSample.body.error.message).toMatch(/sampleSize/);
    const noServer = await call(fx.app, 'GET', '/api/servers/nope/tables');
    expect(noServer.status).toBeGreaterThanOrEqual(400);
    expect(noServer.status).toBeLessThan(500);
    expect(typeof noServer.body.error.message).toBe('string');
  });

  it('GET /api/examples returns the demo examples; every one returns rows, with the access path it shows', async () => {
    // What the examples' descriptions promise (Query vs Scan, index use).
    const accessPaths: Record<string, string> = {
      'Point lookup by partition key': 'GetItem',
      'Query with a sort-key range': 'Query',
      'Full Scan with a pushed filter': 'Scan',
      'Query on numeric keys': 'Query',
      'Global secondary index': 'Query by_status',
      'Residual predicate (evaluated locally)': 'Scan',
      'Products by category (index with a numeric sort key)': 'Query by_category',
    };
    const res = await call(fx.app, 'GET', '/api/examples');
    expect(res.status).toBe(200);
    expect(res.body.examples.length).toBeGreaterThanOrEqual(8);
    const seen: Record<string, string> = {};
    for (const example of res.body.examples) {
      const run = await sql(example.sql);
      expect(run.body.error, example.title).toBeUndefined();
      expect(run.status, example.title).toBe(200);
      const [statement] = run.body.statements;
      expect(statement.rowCount, example.title).toBeGreaterThan(0);
      const [scan] = statement.plan.scans;
      seen[example.title] = [scan.operation, scan.index].filter(Boolean).join(' ');
    }
    expect(seen).toMatchObject(accessPaths);
  });
});

describe('security', () => {
  it('GET /api/health needs no token', async () => {
    const res = await call(fx.app, 'GET', '/api/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('a missing or wrong token is a 401 with the error shape', async () => {
    for (const token of [null, 'wrong', `${TEST_TOKEN}x`]) {
      for (const [method, path] of [
        ['POST', '/api/sql'],
        ['GET', '/api/catalog'],
        ['POST', '/api/sql/cancel'],
        ['GET', '/api/examples'],
      ] as const) {
        const body = method === 'POST' ? { sql: 'select 1', requestId: 'r' } : undefined;
        const res = await call(fx.app, method, path, { body, token });
        expect(res.status, `${method} ${path} ${token}`).toBe(401);
        expect(typeof res.body.error.message).toBe('string');
      }
    }
  });

  it('a foreign Origin is a 403, even with the token', async () => {
    const res = await call(fx.app, 'POST', '/api/sql', {
      body: { sql: 'select 1' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/cross-origin/);
  });

  it('a Host that is not loopback on the right port is a 403 (DNS rebinding)', async () => {
    for (const host of ['evil.example:5480', 'localhost:8080']) {
      const res = await fx.app.request(`http://${host}/api/health`);
      expect(res.status, host).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Forbidden/);
    }
  });

  it('does not allow cross-origin reads (no CORS headers, preflight refused)', async () => {
    const preflight = await fx.app.request('http://127.0.0.1:5480/api/sql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    const res = await call(fx.app, 'GET', '/api/health');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
  });

  it('an oversized body is a 413 with the error shape', async () => {
    const big = JSON.stringify({ sql: `select '${'x'.repeat(1024 * 1024)}'` });
    const res = await call(fx.app, 'POST', '/api/sql', {
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/too large/);
  });

  it('malformed JSON and invalid fields are a 400 with a clear message', async () => {
    const malformed = await call(fx.app, 'POST', '/api/sql', {
      raw: '{"sql": "select 1"',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/Malformed JSON/);
    const noType = await call(fx.app, 'POST', '/api/sql', { raw: '{"sql": "select 2"}' });
    expect(noType.status).toBe(200);
    const missing = await call(fx.app, 'POST', '/api/sql', { body: { query: 'select 1' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/"sql"/);
  });

  it('unknown API routes are a 404 with the error shape', async () => {
    const res = await call(fx.app, 'GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/Not found/);
  });

  it('secrets sent in SQL are not echoed back, even in errors', async () => {
    const created = await sql(
      `select vault.create_secret('${VAULT_SECRET}', 'test_secret', 'a test secret');\n` +
        `create server plain_keys foreign data wrapper dynamodb_wrapper options (aws_access_key_id '${PLAIN_KEY_ID}', aws_secret_access_key '${PLAIN_SECRET}', region 'us-east-1');`,
    );
    expect(created.status).toBe(200);
    const duplicate = await sql(
      `select vault.create_secret('${VAULT_SECRET}', 'test_secret', 'same name again')`,
    );
    expect(duplicate.status).toBe(400);
    const halfPair = await sql(
      `create server half foreign data wrapper dynamodb_wrapper options (aws_secret_access_key '${PLAIN_SECRET}')`,
    );
    expect(halfPair.status).toBe(400);
    const catalog = await call(fx.app, 'GET', '/api/catalog');
    const plain = catalog.body.servers.find((server: { name: string }) => server.name === 'plain_keys');
    expect(plain.options.aws_secret_access_key ?? '********').toBe('********');
  });

  it('no catalog view or function hands out the demo credentials', async () => {
    for (const text of [
      'select * from pg_foreign_server',
      'select srvname, srvoptions from pg_foreign_server',
      'select * from information_schema.foreign_server_options',
      "select * from pg_options_to_table((select srvoptions from pg_foreign_server where srvname = 'demo'))",
      'select * from vault.secrets',
      'select * from vault.decrypted_secrets',
    ]) {
      await sql(text);
    }
  });

  // Runs last in the file: every body any test above received.
  it('no response ever contained a credential', () => {
    expect(seenBodies.length).toBeGreaterThan(30);
    for (const body of seenBodies) {
      for (const secret of [
        DEMO_SECRET_ACCESS_KEY,
        DEMO_ACCESS_KEY_ID,
        VAULT_SECRET,
        PLAIN_KEY_ID,
        PLAIN_SECRET,
      ]) {
        expect(body).not.toContain(secret);
      }
    }
  });
});

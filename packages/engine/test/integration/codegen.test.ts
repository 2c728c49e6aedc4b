import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { scanCode, type CodeTarget } from '@dynascope/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { ScanPlan } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
  type Backend,
} from '../support/harness';

const run = promisify(execFile);

/**
 * "Copy as" code (issue 17): each statement runs through the engine, its scan's plan becomes the
 * request JSON, AWS CLI commands, a JavaScript program (SDK v3) and a Python program (boto3), and the
 * programs run — `node`, `python3`, `sh` with Debian's `aws` — against the same emulator, with the
 * endpoint, region and credentials in the environment as AWS tools take them. Each prints the items
 * it read; they must be the rows the SQL returned.
 */
describe.each(BACKENDS)('generated code on %s', (backend: Backend) => {
  let engine: Engine;
  let dir: string;
  const users = uniqueName('cg_users');
  const orders = uniqueName('cg_orders');
  const id = (i: number) => `u${String(i).padStart(4, '0')}`;
  const customer = (i: number) => `c${String(i).padStart(4, '0')}`;
  const STATUSES = ['open', 'shipped', 'closed'];

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, users, { name: 'user_id', type: 'S' });
    await createTable(client, orders, { name: 'customer_id', type: 'S' }, { name: 'order_date', type: 'S' }, [
      { name: 'by_status', pk: { name: 'status', type: 'S' }, sk: { name: 'order_date', type: 'S' } },
    ]);
    await putItems(
      client,
      users,
      Array.from({ length: 40 }, (_, i) => ({
        user_id: { S: id(i) },
        name: { S: `User ${i}` },
        // A fifth of the users have no age, a fifth a NULL one.
        ...(i % 5 === 0 ? {} : { age: i % 5 === 1 ? { NULL: true } : { N: String(20 + (i % 30)) } }),
        // 20 digits, the last apart: Number holds about 16.
        big: { N: `1234567890123456789${i % 10}` },
        ...(i % 3 === 0 && { note: { S: `note ${i}` } }),
        bio: { S: 'b'.repeat(300) },
      })),
    );
    const o: Record<string, AttributeValue>[] = [];
    for (let c = 0; c < 30; c++)
      for (let n = 0; n < 5; n++)
        o.push({
          customer_id: { S: customer(c) },
          order_date: { S: `2024-0${n + 1}-01` },
          status: { S: STATUSES[(c + n) % 3]! },
          total: { N: `${c}.${n}5` },
          // 150 items of 8 KB: a Scan reads two pages of 1 MB, the programs follow LastEvaluatedKey.
          pad: { S: 'p'.repeat(8000) },
        });
    await putItems(client, orders, o);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema cg;
       create foreign table cg.users (user_id text not null, name text, age int, note text, big numeric) server dynamodb_server options (table '${users}', rowid_column 'user_id');
       create foreign table cg.orders (customer_id text not null, order_date text not null, status text, total numeric) server dynamodb_server options (table '${orders}');`,
    );
    dir = await mkdtemp(join(tmpdir(), 'codegen-'));
    // The generated JavaScript imports @aws-sdk/client-dynamodb: the repository's.
    await symlink(resolve(__dirname, '../../../../node_modules'), join(dir, 'node_modules'));
  });
  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The environment an AWS tool reads: the emulator's endpoint, the test server's credentials, no files. */
  const env = () => ({
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_ENDPOINT_URL_DYNAMODB: endpointOf(backend),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
  });

  let fileCounter = 0;
  /** Writes the code for one target and runs it; its standard output. */
  async function runCode(scan: ScanPlan, target: Exclude<CodeTarget, 'request'>): Promise<string> {
    const code = scanCode(scan, target);
    const [file, program] =
      target === 'javascript'
        ? [`read${++fileCounter}.mjs`, 'node']
        : target === 'python'
          ? [`read${++fileCounter}.py`, 'python3']
          : [`read${++fileCounter}.sh`, 'sh'];
    await writeFile(join(dir, file), code);
    const { stdout } = await run(program, [file], { cwd: dir, env: env(), timeout: 60_000 });
    return stdout;
  }

  /** The items a program printed, one JSON line each (node, python3). */
  const lines = (out: string) =>
    out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, AttributeValue>);

  /** The items AWS CLI commands printed: a JSON document each (an array of items, or one item). */
  function documents(out: string): Record<string, AttributeValue>[] {
    const docs: unknown[] = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let i = 0; i < out.length; i++) {
      const c = out[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '[' || c === '{') {
        if (depth++ === 0) start = i;
      } else if (c === ']' || c === '}') {
        if (--depth === 0) docs.push(JSON.parse(out.slice(start, i + 1)));
      }
    }
    return docs.flatMap((d) => (Array.isArray(d) ? d : d ? [d] : [])) as Record<string, AttributeValue>[];
  }

  const orderKey = (item: Record<string, AttributeValue>) =>
    `${item.customer_id?.S}|${item.order_date?.S}|${item.total?.N}`;
  const userKey = (item: Record<string, AttributeValue>) => `${item.user_id?.S}|${item.name?.S}`;

  /**
   * Runs the SQL, checks its one scan's operation, and runs the generated programs: each prints the
   * items the SQL returned (`key` of an item; `rowKey` of a row, the same text).
   */
  async function sameItems(
    sql: string,
    operation: ScanPlan['operation'],
    key: (item: Record<string, AttributeValue>) => string,
    targets: readonly Exclude<CodeTarget, 'request'>[] = ['javascript', 'python', 'aws-cli'],
  ): Promise<ScanPlan> {
    const [result] = await ok(engine, sql);
    const scan = result!.plan!.scans[0]!;
    expect(scan.operation).toBe(operation);
    const expected = (await rows(engine, sql)).map((r) =>
      r.length === 3 ? `${r[0]}|${r[1]}|${r[2]}` : `${r[0]}|${r[1]}`,
    );
    expect(expected.length).toBeGreaterThan(0);
    for (const target of targets) {
      const out = await runCode(scan, target);
      const items = target === 'aws-cli' ? documents(out) : lines(out);
      expect(items.map(key).sort(), `${target} for ${sql}`).toEqual([...expected].sort());
    }
    return scan;
  }

  it('GetItem', async () => {
    await sameItems(`select user_id, name from cg.users where user_id = 'u0003'`, 'GetItem', userKey);
  });

  it('BatchGetItem', async () => {
    const scan = await sameItems(
      `select user_id, name from cg.users where user_id in ('u0001', 'u0002', 'u0011', 'u0404')`,
      'BatchGetItem',
      userKey,
    );
    expect(scanCode(scan, 'javascript')).toContain('UnprocessedKeys');
    expect(scanCode(scan, 'python')).toContain('UnprocessedKeys');
  });

  it('Query with a key condition and a filter', async () => {
    const scan = await sameItems(
      `select customer_id, order_date, total from cg.orders where customer_id = 'c0004' and order_date >= '2024-02' and total > 4.2`,
      'Query',
      orderKey,
    );
    expect(scan.filter).not.toBeNull();
    expect(JSON.parse(scanCode(scan, 'request'))).toEqual(scan.request.input);
  });

  it('Query of an index', async () => {
    const scan = await sameItems(
      `select /*+ index(by_status) */ customer_id, order_date, total from cg.orders where status = 'shipped' and order_date > '2024-03'`,
      'Query',
      orderKey,
    );
    expect(scan.index).toBe('by_status');
  });

  it('Query of several partition values, one Query each', async () => {
    const scan = await sameItems(
      `select customer_id, order_date, total from cg.orders where customer_id in ('c0001', 'c0002', 'c0017')`,
      'Query',
      orderKey,
    );
    expect(scan.partitionCount).toBe(3);
    expect(scan.partitionValues).toEqual([{ S: 'c0001' }, { S: 'c0002' }, { S: 'c0017' }]);
  });

  it('Query in descending order with a Limit', async () => {
    const scan = await sameItems(
      `select customer_id, order_date, total from cg.orders where customer_id = 'c0005' order by order_date desc limit 2`,
      'Query',
      orderKey,
    );
    expect(scan.request.input).toMatchObject({ ScanIndexForward: false, Limit: 2 });
  });

  it('Scan with a filter', async () => {
    const scan = await sameItems(
      `select customer_id, order_date, total from cg.orders where total between 3 and 5.5`,
      'Scan',
      orderKey,
    );
    expect(scan.filter).not.toBeNull();
    expect(scan.pages).toBeGreaterThan(1);
  });

  it('parallel Scan segments', async () => {
    await ok(engine, `set dynascope.scan_segments = 3`);
    try {
      const scan = await sameItems(
        `select customer_id, order_date, total from cg.orders where total < 10`,
        'Scan',
        orderKey,
      );
      expect(scan.segments).toBe(3);
      expect(scanCode(scan, 'javascript')).toContain('Promise.all');
      expect(scanCode(scan, 'python')).toContain('ThreadPoolExecutor');
    } finally {
      await ok(engine, `reset dynascope.scan_segments`);
    }
  });

  it('residual predicates become code where simple', async () => {
    // A Query's filter cannot name a key attribute: order_date <> … is evaluated locally.
    const sql = `select customer_id, order_date, total from cg.orders where customer_id = 'c0006' and order_date <> '2024-03-01'`;
    const [result] = await ok(engine, sql);
    const scan = result!.plan!.scans[0]!;
    expect(scan.residual).toEqual(["order_date <> '2024-03-01'"]);
    await sameItems(sql, 'Query', orderKey);
    expect(scanCode(scan, 'javascript')).toContain("order_date <> '2024-03-01'  -- checked below");
    expect(scanCode(scan, 'aws-cli')).toContain("order_date <> '2024-03-01'  -- in --query below");
  });

  it('an IN on the sort key of a Query and IS NULL after a BatchGetItem are checked by the programs', async () => {
    const inSql = `select customer_id, order_date, total from cg.orders where customer_id = 'c0008' and order_date in ('2024-01-01', '2024-03-01', '2024-09-09')`;
    const [inResult] = await ok(engine, inSql);
    expect(inResult!.plan!.scans[0]!.residual).toEqual([
      "order_date in ('2024-01-01', '2024-03-01', '2024-09-09')",
    ]);
    await sameItems(inSql, 'Query', orderKey);
    // A keyed read has no filter: `note is null` is evaluated on the items it returns.
    const nullSql = `select user_id, name from cg.users where user_id in ('u0001', 'u0002', 'u0003', 'u0004') and note is null`;
    const [nullResult] = await ok(engine, nullSql);
    expect(nullResult!.plan!.scans[0]!.residual).toEqual(['note is null']);
    await sameItems(nullSql, 'BatchGetItem', userKey);
  });

  it('<> keeps only the items that have the attribute, as SQL does (NULL <> x is not true)', async () => {
    // DynamoDB's `<>` alone is also true for an item without the attribute or with a NULL one.
    const scan = await sameItems(`select user_id, name from cg.users where age <> 25`, 'Scan', userKey);
    expect(scan.filter).toContain('attribute_type(');
    expect((await rows(engine, `select user_id from cg.users where age is null`)).length).toBe(16);
    await sameItems(`select user_id, name from cg.users where note <> 'note 3'`, 'Scan', userKey);
  });

  it("a text column's filter keeps items without the attribute: the code checks them again", async () => {
    // `note = …` on a text column is widened to keep N and BOOL notes (read as text): every item
    // whose note is not an S passes DynamoDB's test, the 26 users without a note too.
    const scan = await sameItems(`select user_id, name from cg.users where note = 'note 3'`, 'Scan', userKey);
    expect(scan.filter).toContain('OR NOT attribute_type(');
    await sameItems(`select user_id, name from cg.users where note like 'note 1%'`, 'Scan', userKey);
  });

  it('numbers of 20 digits compare exactly', async () => {
    // A keyed read has no filter: the comparison is a residual predicate the programs evaluate.
    const sql = `select user_id, name from cg.users where user_id in ('u0003', 'u0004', 'u0005', 'u0006') and big > 12345678901234567894`;
    const [result] = await ok(engine, sql);
    expect(result!.plan!.scans[0]!.residual).toEqual(['big > 12345678901234567894']);
    expect((await rows(engine, sql)).length).toBe(2);
    // The CLI's JMESPath compares numbers as floats: a comment there.
    await sameItems(sql, 'BatchGetItem', userKey, ['javascript', 'python']);
    expect(scanCode(result!.plan!.scans[0]!, 'aws-cli')).toContain(
      'big > 12345678901234567894  -- not as code here',
    );
  });

  it('a residual predicate that is not simple becomes a comment', async () => {
    const sql = `select customer_id, order_date, total from cg.orders where customer_id = 'c0007' and upper(status) = 'OPEN'`;
    const [result] = await ok(engine, sql);
    const scan = result!.plan!.scans[0]!;
    for (const target of ['javascript', 'python', 'aws-cli'] as const)
      expect(scanCode(scan, target)).toContain(
        "upper(status) = 'OPEN'  -- not as code here: apply it to the items yourself",
      );
    // The program prints the items before that predicate: the SQL's and the others of the partition.
    const printed = lines(await runCode(scan, 'python')).map(orderKey);
    const all = (
      await rows(engine, `select customer_id, order_date, total from cg.orders where customer_id = 'c0007'`)
    ).map((r) => `${r[0]}|${r[1]}|${r[2]}`);
    expect(printed.sort()).toEqual(all.sort());
    expect((await rows(engine, sql)).length).toBeLessThan(all.length);
  });
});

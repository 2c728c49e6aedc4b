import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { createTable, fails, ok, openTestEngine, putItems, rows } from '../support/harness';
import { policy, startMoto, type Moto } from '../support/moto';
import { startRequestLog, type RequestLog } from '../support/request-log';

/**
 * A role allowed GetItem and Query but not Scan, on a table whose DescribeTable reports size 0 (a
 * real table younger than ~6 h; every table in moto): the planner's sample Scan is refused
 * (AccessDenied), and that must not fail a statement that reads by key or Query — the plan says the
 * size is unknown and why, and the refusal is remembered rather than tried on every statement. Moto
 * with IAM enforced refuses the Scan; a relay (keeping the signed Host header) counts the Scans sent.
 */
describe('the sample Scan refused (moto, IAM enforced, no dynamodb:Scan)', () => {
  let moto: Moto;
  let relay: RequestLog;
  let engine: Engine;

  beforeAll(async () => {
    moto = await startMoto();
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: moto.admin });
    await iam.send(new CreateUserCommand({ UserName: 'noscan' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'noscan',
        PolicyName: 'no-scan',
        PolicyDocument: policy([
          'dynamodb:DescribeTable',
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'sts:*',
        ]),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'noscan' }))).AccessKey!;
    iam.destroy();
    const admin = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: moto.admin,
    });
    await createTable(admin, 'orders', { name: 'customer_id', type: 'S' }, { name: 'order_id', type: 'S' });
    await putItems(
      admin,
      'orders',
      Array.from({ length: 30 }, (_, i) => ({
        customer_id: { S: `C${i % 3}` },
        order_id: { S: `O${String(i).padStart(2, '0')}` },
        total: { N: String(i) },
      })),
    );
    admin.destroy();
    relay = await startRequestLog(moto.endpoint, undefined, {}, { keepHost: true });
    engine = await openTestEngine();
    await ok(
      engine,
      `
      create foreign data wrapper dynamodb_wrapper;
      select vault.create_secret('${key.AccessKeyId}', 'noscan_key', 'noscan');
      select vault.create_secret('${key.SecretAccessKey}', 'noscan_secret', 'noscan');
      create server prod foreign data wrapper dynamodb_wrapper options (
        vault_access_key_id 'noscan_key', vault_secret_access_key 'noscan_secret', region 'us-east-1',
        endpoint_url '${relay.endpoint}');
      create foreign table orders (customer_id text not null, order_id text not null, total numeric)
        server prod options (table 'orders', rowid_column 'customer_id');`,
    );
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await relay?.close();
    await moto?.stop();
  });

  const scans = () => relay.requests.filter((r) => r.operation === 'Scan').length;

  it('EXPLAIN and a partition-key Query plan without the sample, saying why; the refusal is not tried again', async () => {
    const sql = "select order_id, total from orders where customer_id = 'C1' order by order_id";
    const explained = (await engine.explain(sql)).statements[0]!.plan!.scans[0]!;
    expect(explained.operation).toBe('Query');
    expect(explained.estimateBasis).toBe('unknown');
    expect(explained.estimatedRcu).toBeNull();
    expect(explained.estimateNote).toMatch(
      /size unknown: sampling refused \(AccessDenied: .*\(Scan orders\)\); DescribeTable reported \d+ items, size 0 B \(it updates every ~6 h\)/,
    );
    expect(scans()).toBe(1);

    const got = await rows(engine, sql);
    expect(got).toHaveLength(10);
    expect(got[0]).toEqual(['O01', '1']);
    // Remembered: neither this run nor a later EXPLAIN sent the refused Scan again.
    await engine.explain(sql);
    expect(scans()).toBe(1);
  });

  it('a read by key still works, and a statement that needs a Scan still fails with AccessDenied (42501)', async () => {
    expect(
      await rows(engine, "select total from orders where customer_id = 'C2' and order_id = 'O02'"),
    ).toEqual([['2']]);
    const before = scans();
    const error = await fails(engine, 'select count(*) from orders where total > 5');
    expect(error.sqlstate).toBe('42501');
    expect(error.message).toMatch(/AccessDenied.*\(Scan orders/);
    // The hint names the server whose identity was refused, not a placeholder.
    expect(error.hint).toBe(
      "the server's identity is not allowed to do this: see select * from dynascope.server_identity('prod')",
    );
    expect(scans()).toBe(before + 1);
  });
});

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { AwsFiles } from '../support/aws-files';
import { BACKENDS, endpointOf, ok, openTestEngine, uniqueName } from '../support/harness';

/**
 * Issue 17, "Cost you can read": a server whose region comes only from its AWS profile (keys in the
 * credentials file, region in the config file) plans its scans and writes in that region, so the web
 * prices them there; the write carries the written table's billing mode. No network: the plans are
 * asserted, and the reads and writes run against the emulator through endpoint_url. DynamoDB Local
 * keeps one database per access key and region, so the tables are made in the profile's region.
 */
describe.each(BACKENDS)('region from a profile on %s', (backend) => {
  const files = new AwsFiles();
  let engine: Engine;
  const table = uniqueName('region_pv');
  const keys = { accessKeyId: 'AKIDREGIONPROFILE', secretAccessKey: 'region-secret' };

  beforeAll(async () => {
    files.use(
      ['[profile priced]', 'region = eu-west-2', '[profile unplaced]'],
      [
        '[priced]',
        `aws_access_key_id = ${keys.accessKeyId}`,
        `aws_secret_access_key = ${keys.secretAccessKey}`,
        '[unplaced]',
        `aws_access_key_id = ${keys.accessKeyId}`,
        `aws_secret_access_key = ${keys.secretAccessKey}`,
      ],
    );
    // In both regions (DynamoDB Local keeps them apart; dynalite has one table of that name).
    for (const region of backend === 'dynalite' ? ['eu-west-2'] : ['eu-west-2', 'us-east-1']) {
      const client = new DynamoDBClient({ region, endpoint: endpointOf(backend), credentials: keys });
      await client.send(
        new CreateTableCommand({
          TableName: table,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }),
      );
      client.destroy();
    }
    engine = await openTestEngine();
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
       create server placed foreign data wrapper dynamodb_wrapper options (profile 'priced', endpoint_url '${endpointOf(backend)}');
       create server unplaced foreign data wrapper dynamodb_wrapper options (profile 'unplaced', endpoint_url '${endpointOf(backend)}');
       create foreign table public.pv (id text not null, n int) server placed options (table '${table}', rowid_column 'id');
       create foreign table public.unplaced_pv (id text not null) server unplaced options (table '${table}', rowid_column 'id');`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    files.dispose();
  });

  it("plans a scan in the profile's region, and the read runs there", async () => {
    const explained = await engine.explain(`select * from public.pv`);
    expect(explained.error).toBeUndefined();
    expect(explained.statements[0]!.plan!.scans[0]).toMatchObject({
      region: 'eu-west-2',
      billingMode: 'provisioned',
    });
    const written = await engine.execute(`insert into public.pv values ('a', 1)`);
    expect(written.error).toBeUndefined();
    const read = await engine.execute(`select id, n from public.pv`);
    expect(read.error).toBeUndefined();
    expect(read.statements[0]!.rows).toEqual([['a', 1]]);
    expect(read.statements[0]!.plan!.scans[0]!.region).toBe('eu-west-2');
  });

  it("prices a write by the written table's billing mode and the profile's region", async () => {
    const r = await engine.execute(`insert into public.pv values ('b', 2)`);
    expect(r.error).toBeUndefined();
    const write = r.statements[0]!.plan!.write!;
    expect(write).toMatchObject({ table, billingMode: 'provisioned', region: 'eu-west-2' });
    expect(write.consumedWcu).toBeGreaterThan(0);
    const copied = await engine.copyFrom(
      `copy public.pv (id, n) from stdin with (format csv)`,
      new TextEncoder().encode('c,3\nd,4\n'),
    );
    expect(copied.consumedWcu).toBeGreaterThan(0);
    expect(copied.plan!.write).toMatchObject({ table, billingMode: 'provisioned', region: 'eu-west-2' });
  });

  it('then AWS_REGION; and no region when nothing sets one (the web prices that as us-east-1)', async () => {
    const saved = process.env.AWS_REGION;
    try {
      delete process.env.AWS_REGION;
      const none = await engine.explain(`select * from public.unplaced_pv`);
      expect(none.error).toBeUndefined();
      expect(none.statements[0]!.plan!.scans[0]!.region).toBeUndefined();
      process.env.AWS_REGION = 'eu-west-2';
      // A server's clients (and region) are made on its first use: a new server sees AWS_REGION.
      await ok(
        engine,
        `create server from_environment foreign data wrapper dynamodb_wrapper options (profile 'unplaced', endpoint_url '${endpointOf(backend)}');
         create foreign table public.env_pv (id text not null) server from_environment options (table '${table}', rowid_column 'id');`,
      );
      const fromEnvironment = await engine.explain(`select * from public.env_pv`);
      expect(fromEnvironment.error).toBeUndefined();
      expect(fromEnvironment.statements[0]!.plan!.scans[0]!.region).toBe('eu-west-2');
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved;
    }
  });
});

import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  uniqueName,
} from '../support/harness';

/**
 * What a scan's plan carries for the web to price it with (issue 17, "Cost you can read"): the table's
 * billing mode from DescribeTable, the server's region, and the session's
 * `dynascope.price_per_million_rru` / `_wru`, a bad value of which is refused with 22023.
 */
describe.each(BACKENDS)('scan pricing on %s', (backend) => {
  let engine: Engine;
  const onDemand = uniqueName('priced_od');
  const provisioned = uniqueName('priced_pv');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, onDemand, { name: 'id', type: 'S' });
    await client.send(
      new CreateTableCommand({
        TableName: provisioned,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema sp;
       create foreign table sp.od (id text not null) server dynamodb_server options (table '${onDemand}', rowid_column 'id');
       create foreign table sp.pv (id text not null) server dynamodb_server options (table '${provisioned}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  it("carries each table's billing mode and the server's region", async () => {
    const r = await engine.explain(`select * from sp.od; select * from sp.pv`);
    expect(r.error).toBeUndefined();
    const [od, pv] = r.statements.map((s) => s.plan!.scans[0]!);
    expect(od).toMatchObject({ billingMode: 'on-demand', region: 'us-east-1' });
    expect(pv).toMatchObject({ billingMode: 'provisioned', region: 'us-east-1' });
    expect(od!.priceOverrides).toBeUndefined();
  });

  it("carries the session's prices per million request units", async () => {
    const session = uniqueName('s');
    expect(
      (await engine.execute(`set dynascope.price_per_million_rru = '0.3'`, { session })).error,
    ).toBeUndefined();
    const r = await engine.explain(`select * from sp.od`, { session });
    expect(r.statements[0]!.plan!.scans[0]!.priceOverrides).toEqual({ perMillionRru: 0.3 });
    expect(
      (await engine.execute(`set dynascope.price_per_million_wru = '1.4175'`, { session })).error,
    ).toBeUndefined();
    const both = await engine.execute(`select * from sp.od`, { session });
    expect(both.statements[0]!.plan!.scans[0]!.priceOverrides).toEqual({
      perMillionRru: 0.3,
      perMillionWru: 1.4175,
    });
  });

  it('refuses a price that is not a number of dollars with 22023', async () => {
    const session = uniqueName('s');
    expect(
      (await engine.execute(`set dynascope.price_per_million_wru = 'cheap'`, { session })).error,
    ).toBeUndefined();
    const r = await engine.execute(`select * from sp.od`, { session });
    expect(r.error).toMatchObject({
      sqlstate: '22023',
      message: 'invalid value for parameter "dynascope.price_per_million_wru": "cheap"',
    });
  });
});

import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * The designer's sample is a read like any other (issue 17, defect 8): `describeTable` answers the
 * RCU its Scan consumed, as DynamoDB reports it for the same Scan; a sample of 0 items reads nothing.
 */
describe.each(BACKENDS)('the RCU of the designer’s sample on %s', (backend) => {
  const client = clientOf(backend);
  const table = uniqueName('designed');
  let engine: Engine;

  beforeAll(async () => {
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      Array.from({ length: 60 }, (_, i) => ({ id: { S: `k${i}` }, v: { S: 'x'.repeat(900) } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
  });
  afterAll(() => engine?.close());

  it('answers the RCU of its Scan, as DynamoDB reports it for the same Scan', async () => {
    const described = await engine.describeTable('dynamodb_server', table, { sampleSize: 40 });
    expect(described.sampleSize).toBe(40);
    const same = await client.send(
      new ScanCommand({ TableName: table, Limit: 40, ReturnConsumedCapacity: 'TOTAL' }),
    );
    const reported = same.ConsumedCapacity?.CapacityUnits;
    expect(reported).toBeGreaterThan(0);
    expect(described.consumedRcu).toBe(reported);
    // More items, more capacity: the figure is the sample's, not a constant.
    const smaller = await engine.describeTable('dynamodb_server', table, { sampleSize: 5 });
    expect(smaller.consumedRcu).toBeGreaterThan(0);
    expect(smaller.consumedRcu).toBeLessThan(described.consumedRcu!);
  });

  it('a sample of 0 items reads none and counts nothing', async () => {
    const described = await engine.describeTable('dynamodb_server', table, { sampleSize: 0 });
    expect(described).toMatchObject({ sampleSize: 0, consumedRcu: 0, attributes: [] });
    expect(described.partitionKey).toEqual({ name: 'id', type: 'S' });
  });
});

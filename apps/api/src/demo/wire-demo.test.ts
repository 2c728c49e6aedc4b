import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Engine } from '@dynascope/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type DynaliteProcess } from '../dynalite/start-dynalite';
import { DEMO_ACCESS_KEY_ID, DEMO_REGION, DEMO_SECRET_ACCESS_KEY } from './demo-sql';
import { seedDemoData } from './seed-demo-data';
import { wireDemo } from './wire-demo';

let dynalite: DynaliteProcess;
let engine: Engine;

beforeAll(async () => {
  dynalite = await startDynalite();
  const client = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: DEMO_REGION,
    credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
  });
  await seedDemoData(client, { events: 200 });
  client.destroy();
  engine = await Engine.open({});
});
afterAll(async () => {
  await engine?.close();
  await dynalite?.stop();
});

const rows = async (sql: string) => {
  const result = await engine.execute(sql);
  expect(result.error).toBeUndefined();
  return result.statements.at(-1)!.rows;
};

describe('wireDemo', () => {
  it('creates the demo catalog once, then only moves the endpoint, and repairs a dropped server', async () => {
    expect(await wireDemo(engine, dynalite.endpoint)).toBe('created');
    const catalog = await engine.catalog();
    expect(catalog.servers.map((server) => server.name)).toEqual(['demo']);
    const names = catalog.tables
      .filter((table) => table.kind === 'foreign')
      .map((t) => `${t.schema}.${t.name}`);
    expect(names.sort()).toEqual([
      'dynamodb.events',
      'dynamodb.orders',
      'dynamodb.products',
      'dynamodb.users',
      'public.events',
      'public.orders',
      'public.products',
      'public.users',
    ]);
    expect(await rows("select name from users where user_id = 'u0002'")).toHaveLength(1);

    // Later starts: dynalite listens on another port.
    expect(await wireDemo(engine, 'http://127.0.0.1:1')).toBe('updated');
    expect((await engine.catalog()).servers[0]!.options.endpoint_url).toBe('http://127.0.0.1:1');
    expect(await wireDemo(engine, dynalite.endpoint)).toBe('updated');
    // The same port as last time: nothing to change.
    expect(await wireDemo(engine, dynalite.endpoint)).toBe('unchanged');
    expect((await engine.catalog()).servers[0]!.options.endpoint_url).toBe(dynalite.endpoint);

    // A user dropped the server: the wrapper and vault secrets exist, the rest is created again.
    await rows('drop server demo cascade');
    expect(await wireDemo(engine, dynalite.endpoint)).toBe('created');
    expect(await rows("select count(*) from vault.secrets where name like 'demo_%'")).toEqual([['2']]);
    expect(await rows('select count(*) from orders')).not.toEqual([['0']]);
  });
});

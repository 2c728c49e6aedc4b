import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedLimit, tableKey } from '../../src/dynamo/governor/table-limits';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  uniqueName,
} from '../support/harness';

/**
 * The throughput limits a foreign table's options put on its DynamoDB table hold exactly while it
 * exists with those options (dynamo/governor/table-limits.ts recheckLimits): not after it is
 * dropped (itself, its server or its schema, cascading), its limit option dropped or its server's
 * options changed — whether or not it is read again — and still after a rolled-back DROP. Read
 * without timing: the limit the governor applies (sharedLimit, what pace-requests.ts paces by) and
 * the one the plan shows, through another foreign table over the same DynamoDB table.
 */
describe.each(BACKENDS)('registered throughput limits follow the catalog, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'greg');
  });

  afterAll(async () => {
    await engine?.close();
  });

  /** A DynamoDB table and the key the governor keeps it by, on a server made by createDocServer. */
  const dynamoTable = async (server = 'greg'): Promise<{ table: string; key: string }> => {
    const table = uniqueName('greg');
    await createTable(client, table, { name: 'id', type: 'N' });
    const options = { endpoint_url: endpointOf(backend), region: 'us-east-1' };
    return { table, key: tableKey({ name: server, options }, table) };
  };

  /** `create foreign table public.<name>` over `table`, with `options` besides the table's. */
  const foreignTable = (name: string, table: string, options = '', server = 'greg') =>
    ok(
      engine,
      `create foreign table public.${name} (id bigint, body text) server ${server} options (table '${table}'${options})`,
    );

  /** A server over the emulator, with `options` besides the documented ones (createDocServer's secrets). */
  const createServer = (name: string, options = '') =>
    ok(
      engine,
      `create server ${name} foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'greg_key', vault_secret_access_key 'greg_secret', region 'us-east-1', endpoint_url '${endpointOf(backend)}'${options})`,
    );

  /**
   * A DynamoDB table with two foreign tables over it: `slow`, with `limit` among its options and
   * planned once (its limits registered), and `plain`, with none.
   */
  const slowAndPlain = async (limit: string, options = '') => {
    const { table, key } = await dynamoTable();
    const slow = uniqueName('slow');
    const plain = uniqueName('plain');
    await foreignTable(slow, table, `${options}, ${limit}`);
    await foreignTable(plain, table, options);
    await planned(slow);
    return { key, slow, plain };
  };

  /** The read limit the plan of a read of `name` shows (planning it registers its own options' limits). */
  const planned = async (name: string, session = 'reader') => {
    const r = await engine.explain(`select count(body) from public.${name}`, { session });
    expect(r.error).toBeUndefined();
    return r.statements[0]!.plan!.scans[0]!.rateLimit;
  };

  /** The read limit the plan of a lookup by key in `name` shows (its plan is kept for the next run: plan-cache.ts). */
  const lookedUp = async (name: string, session: string) => {
    const r = await engine.execute(`select * from public.${name} where id = 1`, { session });
    expect(r.error).toBeUndefined();
    return r.statements[0]!.plan!.scans[0]!.rateLimit;
  };

  const readLimit = (key: string) => sharedLimit(key, 'read')?.perSecond ?? null;

  it('DROP FOREIGN TABLE ends its limit, for the governor and for the plans of other sessions; other DDL does not', async () => {
    const { key, slow, plain } = await slowAndPlain(`max_rcu_per_second '5'`);
    // A session with a catalog epoch of its own keeps its own plans.
    await engine.execute('set dynascope.scan_segments = 1', { session: 'own' });
    expect(readLimit(key)).toBe(5);
    await ok(engine, `create table public.${uniqueName('local')} (x int); create schema ${uniqueName('s')}`);
    expect(readLimit(key)).toBe(5);
    expect(await lookedUp(plain, 'own')).toMatchObject({ rcuPerSecond: 5, source: 'table' });
    expect(await lookedUp(plain, 'own')).toMatchObject({ rcuPerSecond: 5, source: 'table' });
    await ok(engine, `drop foreign table public.${slow}`);
    expect(readLimit(key)).toBeNull();
    expect(await planned(plain)).toBeUndefined();
    expect(await lookedUp(plain, 'own')).toBeUndefined();
  });

  it("DROP SERVER ... CASCADE ends a server's limit: the server made again without it limits nothing", async () => {
    const server = uniqueName('gserver');
    const { table, key } = await dynamoTable(server);
    await createServer(server, `, max_rcu_per_second '7'`);
    const name = uniqueName('onserver');
    await foreignTable(name, table, '', server);
    expect(await planned(name)).toMatchObject({ rcuPerSecond: 7, source: 'server' });
    expect(readLimit(key)).toBe(7);
    await ok(engine, `drop server ${server} cascade`);
    expect(readLimit(key)).toBeNull();
    await createServer(server);
    const again = uniqueName('again');
    await foreignTable(again, table, '', server);
    expect(await planned(again)).toBeUndefined();
    expect(readLimit(key)).toBeNull();
  });

  it('DROP SCHEMA ... CASCADE ends the limits of its foreign tables', async () => {
    const { table, key } = await dynamoTable();
    const schema = uniqueName('gschema');
    await ok(
      engine,
      `create schema ${schema}; create foreign table ${schema}.slow (id bigint, body text) server greg options (table '${table}', max_rcu_per_second '4')`,
    );
    await engine.explain(`select count(body) from ${schema}.slow`, { session: 'reader' });
    expect(readLimit(key)).toBe(4);
    await ok(engine, `drop schema ${schema} cascade`);
    expect(readLimit(key)).toBeNull();
  });

  it("ALTER FOREIGN TABLE ... OPTIONS (DROP max_rcu_per_second) ends it though the table is not read again; a server's changed options end the old key's", async () => {
    const { key, slow, plain } = await slowAndPlain(`max_rcu_per_second '6'`);
    expect(await planned(plain)).toMatchObject({ rcuPerSecond: 6 });
    await ok(engine, `alter foreign table public.${slow} options (drop max_rcu_per_second)`);
    expect(readLimit(key)).toBeNull();
    expect(await planned(plain)).toBeUndefined();

    const server = uniqueName('gmoved');
    const moved = await dynamoTable(server);
    await createServer(server);
    const limited = uniqueName('limited');
    await foreignTable(limited, moved.table, `, max_rcu_per_second '3'`, server);
    await planned(limited);
    expect(readLimit(moved.key)).toBe(3);
    await ok(engine, `alter server ${server} options (set region 'eu-west-1')`);
    expect(readLimit(moved.key)).toBeNull();
  });

  it('a renamed foreign table keeps its limit, and dropping it by its new name ends it', async () => {
    const { key, slow, plain } = await slowAndPlain(`max_rcu_per_second '5'`);
    await ok(engine, `alter foreign table public.${slow} rename to ${slow}_r`);
    expect(readLimit(key)).toBe(5);
    expect(await planned(`${slow}_r`)).toMatchObject({ rcuPerSecond: 5 });
    await ok(engine, `drop foreign table public.${slow}_r`);
    expect(readLimit(key)).toBeNull();
    expect(await planned(plain)).toBeUndefined();
  });

  it('a DROP rolled back leaves the limit in force; one committed ends it', async () => {
    const { key, slow, plain } = await slowAndPlain(`max_rcu_per_second '5'`);
    const session = 'block';
    const inBlock = await engine.execute(`begin; drop foreign table public.${slow}`, { session });
    expect(inBlock.error).toBeUndefined();
    expect(readLimit(key)).toBe(5);
    expect((await engine.execute('rollback', { session })).error).toBeUndefined();
    expect(readLimit(key)).toBe(5);
    expect(await planned(plain)).toMatchObject({ rcuPerSecond: 5 });
    const committed = await engine.execute(`begin; drop foreign table public.${slow}; commit`, { session });
    expect(committed.error).toBeUndefined();
    expect(readLimit(key)).toBeNull();
    expect(await planned(plain)).toBeUndefined();
  });

  it('two foreign tables over one DynamoDB table: dropping the stricter leaves the other one’s limit', async () => {
    const { table, key } = await dynamoTable();
    const strict = uniqueName('strict');
    const loose = uniqueName('loose');
    const plain = uniqueName('plain');
    await foreignTable(strict, table, `, max_rcu_per_second '5'`);
    await foreignTable(loose, table, `, max_rcu_per_second '50'`);
    await foreignTable(plain, table);
    await planned(strict);
    await planned(loose);
    expect(readLimit(key)).toBe(5);
    await ok(engine, `drop foreign table public.${strict}`);
    expect(readLimit(key)).toBe(50);
    expect(await planned(plain)).toMatchObject({ rcuPerSecond: 50, source: 'table' });
  });

  it('a write limit (max_wcu_per_second) ends with its foreign table: the write plan shows none', async () => {
    const { key, slow, plain } = await slowAndPlain(`max_wcu_per_second '3'`, `, rowid_column 'id'`);
    const insert = async (name: string) => {
      const r = await engine.explain(`insert into public.${name} values (1, 'x')`, { session: 'writer' });
      expect(r.error).toBeUndefined();
      return r;
    };
    await insert(slow);
    expect(sharedLimit(key, 'write')?.perSecond).toBe(3);
    expect((await insert(plain)).statements[0]!.plan!.write!.rateLimit).toMatchObject({ wcuPerSecond: 3 });
    await ok(engine, `drop foreign table public.${slow}`);
    expect(sharedLimit(key, 'write')).toBeNull();
    expect((await insert(plain)).statements[0]!.plan!.write!.rateLimit).toBeUndefined();
  });
});

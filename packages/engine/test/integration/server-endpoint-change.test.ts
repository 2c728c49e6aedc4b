import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * A server moved to another endpoint (ALTER SERVER ... SET endpoint_url) reads the table of that name
 * there, as it is there: its DescribeTable and statistics are not the old endpoint's, even within
 * the 30 s a DescribeTable is reused and the minute statistics stay fresh.
 *   dynalite:        t (id)      3 items
 *   DynamoDB Local:  t (id, sk)  30 items
 */
describe('a server whose endpoint changes', () => {
  let engine: Engine;
  const table = uniqueName('moved');

  beforeAll(async () => {
    const old = clientOf('dynalite');
    await createTable(old, table, { name: 'id', type: 'S' });
    await putItems(
      old,
      table,
      ['a', 'b', 'c'].map((id) => ({ id: { S: id }, v: { S: `old ${id}` } })),
    );
    const moved = clientOf('dynamodb-local');
    await createTable(moved, table, { name: 'id', type: 'S' }, { name: 'sk', type: 'S' });
    await putItems(
      moved,
      table,
      Array.from({ length: 30 }, (_, i) => ({
        id: { S: ['a', 'b', 'c'][i % 3]! },
        sk: { S: `s${String(i).padStart(2, '0')}` },
        v: { S: `new ${i}` },
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite', 'base');
  });
  afterAll(async () => {
    await engine?.close();
  });

  const planOf = async (sql: string) => {
    const r = await engine.execute(sql, { pageSize: 1000 });
    expect(r.error).toBeUndefined();
    return { scan: r.statements[0]!.plan!.scans[0]!, rows: r.statements[0]!.rows };
  };
  /** A server of its own on dynalite (the base server's keys) and a foreign table `name` over it. */
  const onDynalite = async (name: string) => {
    await ok(
      engine,
      `create server ${name}_server foreign data wrapper dynamodb_wrapper options (
         vault_access_key_id 'base_key', vault_secret_access_key 'base_secret',
         region 'us-east-1', endpoint_url '${endpointOf('dynalite')}');
       create foreign table ${name} (id text, sk text, v text) server ${name}_server options (table '${table}', rowid_column 'id')`,
    );
  };
  const moveTo = (name: string, backend: 'dynalite' | 'dynamodb-local') =>
    ok(engine, `alter server ${name}_server options (set endpoint_url '${endpointOf(backend)}')`);

  it('a lookup right after the ALTER plans with the new key schema and reads the new rows', async () => {
    await onDynalite('looked_up');
    // Described on the old endpoint (key id): a GetItem.
    const before = await planOf(`select v from looked_up where id = 'a'`);
    expect(before.scan).toMatchObject({ operation: 'GetItem', keyConditionText: "id = 'a'" });
    expect(before.rows).toEqual([['old a']]);

    await moveTo('looked_up', 'dynamodb-local');
    // Key (id, sk) there: a Query of the partition (a GetItem by id alone is refused: ValidationException).
    const after = await planOf(`select v from looked_up where id = 'a' order by sk`);
    expect(after.scan).toMatchObject({ operation: 'Query', index: null, keyConditionText: "id = 'a'" });
    expect(after.rows).toEqual(Array.from({ length: 10 }, (_, k) => [`new ${k * 3}`]));
    // The catalog's key roles are the new table's.
    const columns = (await engine.catalog()).tables.find((x) => x.name === 'looked_up')!.columns;
    expect(columns.map((c) => [c.name, c.keyRole])).toEqual([
      ['id', 'partition'],
      ['sk', 'sort'],
      ['v', null],
    ]);

    // And back: the old endpoint's table again, as it is there.
    await moveTo('looked_up', 'dynalite');
    const back = await planOf(`select v from looked_up where id = 'b'`);
    expect(back.scan).toMatchObject({ operation: 'GetItem', keyConditionText: "id = 'b'" });
    expect(back.rows).toEqual([['old b']]);
  });

  it("a Scan right after the ALTER plans with the new table's figures, not the old one's fresh statistics", async () => {
    await onDynalite('scanned');
    const before = await planOf('select count(*) from scanned');
    expect(before.scan).toMatchObject({ operation: 'Scan', tableItemCount: 3 });
    expect(before.rows).toEqual([['3']]);

    await moveTo('scanned', 'dynamodb-local');
    const after = await planOf('select count(*) from scanned');
    expect(after.scan).toMatchObject({ operation: 'Scan', tableItemCount: 30 });
    expect(after.rows).toEqual([['30']]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { JsonText } from '../../src/types';
import {
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * EXPLAIN (FORMAT JSON) over foreign tables is one json value in Postgres's layout
 * (plan/statement/explain-json.ts), which clients that draw Postgres's JSON plans read. Before, it
 * answered the text format's lines, which such a client cannot parse. YAML and XML are refused
 * before anything is read; a statement over no foreign table gets the host's own.
 */
describe('EXPLAIN (FORMAT JSON)', () => {
  let engine: Engine;
  const table = uniqueName('explain_json');

  /** The one json cell an EXPLAIN (FORMAT JSON) answers, parsed; its column as the host names and types it. */
  const explained = async (sql: string) => {
    const [s] = (await ok(engine, sql)).slice(-1);
    expect(s!.columns.map((c) => [c.name, c.type])).toEqual([['QUERY PLAN', 'json']]);
    expect(s!.rows).toHaveLength(1);
    const cell = s!.rows[0]![0];
    expect(cell).toBeInstanceOf(JsonText);
    return JSON.parse(String((cell as JsonText).text)) as [Record<string, unknown>];
  };

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 6 }, (_, i) => ({
        pk: { S: i < 3 ? 'a' : 'b' },
        sk: { N: String(i) },
        v: { N: String(i * 10) },
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table items (pk text, sk bigint, v int) server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  it('a Query: one Foreign Scan node with its key condition, local filter and estimate', async () => {
    const [doc] = await explained(
      `explain (format json) select sk from items i where pk = 'a' and v + 1 > 5`,
    );
    expect(doc.Plan).toMatchObject({
      'Node Type': 'Foreign Scan',
      Operation: 'Select',
      'Relation Name': 'public.items',
      Alias: 'i',
      'DynamoDB Operation': 'Query',
      'DynamoDB Table': table,
      'Key Condition': "pk = 'a'",
      Filter: 'v + 1 > 5',
      'Estimated RCU': expect.any(Number),
    });
    expect(doc.Plan).not.toHaveProperty('DynamoDB Request');
    expect(doc.Plan).not.toHaveProperty('Actual RCU');
    expect(doc.Execution).toEqual(
      expect.stringMatching(/^(rows-from-items|stream-through-host|streaming-evaluation) \(/),
    );
  });

  it('VERBOSE adds the request; ANALYZE runs it and adds what it read', async () => {
    const [doc] = await explained(
      `explain (analyze, verbose, format json) select sk from items where pk = 'b' order by sk`,
    );
    expect(doc.Plan).toMatchObject({
      'DynamoDB Operation': 'Query',
      'DynamoDB Request': { Operation: 'Query', Input: expect.objectContaining({ TableName: table }) },
      'Actual Rows': 3,
      'Items Scanned': 3,
      Requests: 1,
      'Actual RCU': expect.any(Number),
    });
  });

  it('a write is a ModifyTable over its read; a join in the engine a Hash Join over both', async () => {
    const [write] = await explained(`explain (format json) update items set v = 1 where pk = 'a' and sk = 1`);
    expect(write.Plan).toMatchObject({
      'Node Type': 'ModifyTable',
      Operation: 'Update',
      'DynamoDB Operation': 'UpdateItem',
      Plans: [expect.objectContaining({ 'Node Type': 'Foreign Scan', 'Parent Relationship': 'Outer' })],
    });
    const [join] = await explained(
      `explain (format json) select x.sk, y.sk from items x join items y on y.pk = x.pk where x.pk = 'a'`,
    );
    const root = join.Plan as { 'Node Type': string; Plans: { 'Node Type': string }[] };
    expect(['Hash Join', 'Result']).toContain(root['Node Type']);
    expect(root.Plans.map((p) => p['Node Type'])).toEqual(['Foreign Scan', 'Foreign Scan']);
  });

  it('FORMAT TEXT is unchanged; YAML and XML are refused before anything is read; no foreign table: the host’s', async () => {
    const text = (await ok(engine, `explain (format text) select * from items where pk = 'a'`)).at(-1)!;
    expect(text.columns).toEqual([expect.objectContaining({ name: 'QUERY PLAN', type: 'text' })]);
    expect(String(text.rows[0]![0])).toMatch(/^Foreign Scan on public\.items/);
    for (const format of ['yaml', 'xml']) {
      const e = await fails(
        engine,
        `explain (analyze, format ${format}) update items set v = 2 where pk = 'a'`,
      );
      expect(e).toMatchObject({
        sqlstate: '0A000',
        message: `EXPLAIN (FORMAT ${format.toUpperCase()}) is not supported over foreign tables`,
      });
    }
    expect((await ok(engine, `select v from items where pk = 'a' order by sk`)).at(-1)!.rows).toEqual([
      [0],
      [10],
      [20],
    ]);
    const [host] = await explained('explain (format json) select 1');
    expect(host.Plan).toMatchObject({ 'Node Type': 'Result' });
    const yaml = (await ok(engine, 'explain (format yaml) select 1')).at(-1)!;
    expect(String(yaml.rows[0]![0])).toMatch(/Node Type: "Result"/);
  });
});

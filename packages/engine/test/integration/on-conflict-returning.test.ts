import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  fails,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * `INSERT ... ON CONFLICT DO NOTHING RETURNING <expr>` whose expression fails for a row: Postgres
 * evaluates RETURNING only for the rows it inserts, so a row that conflicts is skipped with no
 * error, and one that would be inserted fails the statement with nothing written. Each
 * expectation is PostgreSQL 15's for the same statements over `create table oc (pk text, sk int,
 * v text, primary key (pk, sk))` holding ('a', 100, 'old') and ('e', 100, 'old'). Before, the
 * engine wrote every row, then evaluated RETURNING and failed (a row written, an error answered).
 */
describe.each(BACKENDS)('ON CONFLICT DO NOTHING with a RETURNING that fails for a row, on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('conflict_returning');

  /** Every item as [pk, sk, v], in key order. */
  const items = async () =>
    ((await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [])
      .map((i) => [i.pk!.S, Number(i.sk!.N), i.v?.S] as const)
      .sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1] - b[1]);
  const itemsOf = async (pk: string) => (await items()).filter((i) => i[0] === pk);

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table oc (pk text not null, sk int not null, v text)
         server dynamodb_server options (table '${table}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  beforeEach(async () => {
    await ok(engine, 'delete from oc');
    await putItems(client, table, [
      { pk: { S: 'a' }, sk: { N: '100' }, v: { S: 'old' } },
      { pk: { S: 'e' }, sk: { N: '100' }, v: { S: 'old' } },
    ]);
  });

  it('the row it fails for conflicts: skipped, no error, the others written and returned', async () => {
    const [s] = await ok(
      engine,
      `insert into oc values ('a', 99, 'x'), ('a', 100, 'y'), ('a', 101, 'z')
         on conflict do nothing returning pk, sk, 1/(sk-100)`,
    );
    expect(s).toMatchObject({ command: 'INSERT', rowCount: 2 });
    expect(JSON.parse(JSON.stringify(s!.rows))).toEqual([
      ['a', 99, -1],
      ['a', 101, 1],
    ]);
    expect(await itemsOf('a')).toEqual([
      ['a', 99, 'x'],
      ['a', 100, 'old'],
      ['a', 101, 'z'],
    ]);
  });

  it('the row it fails for would be inserted: the error, nothing written', async () => {
    const e = await fails(
      engine,
      `insert into oc values ('b', 99, 'x'), ('b', 100, 'y') on conflict do nothing returning 1/(sk-100)`,
    );
    expect(e).toMatchObject({ sqlstate: '22012', message: 'division by zero' });
    expect(await itemsOf('b')).toEqual([]);
  });

  it('a row after another of its key conflicts with it; the first of them is inserted', async () => {
    // 1/(length(v) - 6) fails for 'second'.
    const [s] = await ok(
      engine,
      `insert into oc values ('d', 1, 'first'), ('d', 1, 'second')
         on conflict do nothing returning v, 1/(length(v) - 6)`,
    );
    expect(s).toMatchObject({ rowCount: 1 });
    expect(JSON.parse(JSON.stringify(s!.rows))).toEqual([['first', -1]]);
    expect(await itemsOf('d')).toEqual([['d', 1, 'first']]);
    const e = await fails(
      engine,
      `insert into oc values ('d2', 1, 'second'), ('d2', 1, 'first')
         on conflict do nothing returning v, 1/(length(v) - 6)`,
    );
    expect(e.sqlstate).toBe('22012');
    expect(await itemsOf('d2')).toEqual([]);
  });

  it('among 40 rows, the one it fails for is found: skipped when it exists, else nothing written', async () => {
    const [s] = await ok(
      engine,
      `insert into oc select 'e', g, 'v' from generate_series(95, 134) g
         on conflict do nothing returning 1/(sk-100)`,
    );
    expect(s).toMatchObject({ rowCount: 39 });
    expect(s!.rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual([
      -1,
      ...Array<number>(37).fill(0),
      1,
    ]);
    expect(await itemsOf('e')).toHaveLength(40);
    const e = await fails(
      engine,
      `insert into oc select 'f', g, 'v' from generate_series(95, 134) g
         on conflict do nothing returning 1/(sk-100)`,
    );
    expect(e.sqlstate).toBe('22012');
    expect(await itemsOf('f')).toEqual([]);
  });

  it('inside a block (writes held for COMMIT) the statement answers the same', async () => {
    const r = await engine.execute(
      `begin;
       insert into oc values ('a', 99, 'x'), ('a', 100, 'y') on conflict do nothing returning 1/(sk-100)`,
    );
    expect(r.error).toBeUndefined();
    expect(r.statements[1]).toMatchObject({ rowCount: 1 });
    expect(JSON.parse(JSON.stringify(r.statements[1]!.rows))).toEqual([[-1]]);
    const e = await fails(
      engine,
      `insert into oc values ('b', 99, 'x'), ('b', 100, 'y') on conflict do nothing returning 1/(sk-100)`,
    );
    expect(e.sqlstate).toBe('22012');
    await ok(engine, 'rollback');
    expect(await rows(engine, `select pk, sk, v from oc order by pk, sk`)).toEqual([
      ['a', 100, 'old'],
      ['e', 100, 'old'],
    ]);
  });
});

import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { Plan, WritePreviewResult } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * What /api/explain tells the workbench's cost guard and write confirmation of each statement kind
 * that reads or writes DynamoDB (apps/web/src/guard/cost-guard.ts): a data-modifying WITH's write as
 * the plain UPDATE's, EXPLAIN ANALYZE's and EXECUTE's statement's plan, the query's reads of CREATE
 * TABLE AS, SELECT INTO, CREATE MATERIALIZED VIEW, COPY (query) TO and DECLARE — nothing read or written.
 */
describe.each(BACKENDS)('explain of guarded statements on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('guarded');

  const n = async (id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item?.n?.N;
  /** Each statement's plan as the wire has it (null: none). */
  const plans = async (sql: string, session?: string): Promise<(Plan | null)[]> => {
    const r = await engine.explain(sql, { ...(session && { session }) });
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    return (JSON.parse(toJson(r)) as { statements: { plan: Plan | null }[] }).statements.map((s) => s.plan);
  };
  /** What the guard reads of a plan: each read's operation and relation, and the write. */
  const reach = (plan: Plan | null) => ({
    scans: plan?.scans.map((s) => [s.operation, s.relation]) ?? [],
    write: plan?.write && {
      operation: plan.write.operation,
      relation: plan.write.relation,
      table: plan.write.table,
      condition: plan.write.condition,
    },
  });
  const preview = async (sql: string) => JSON.parse(toJson(await engine.preview(sql))) as WritePreviewResult;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'a' }, n: { N: '1' } },
      { id: { S: 'b' }, n: { N: '2' } },
      { id: { S: 'c' }, n: { N: '3' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table t (id text not null, n integer)
         server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  it("a data-modifying WITH's UPDATE and DELETE: the plain statement's read and write", async () => {
    const [plain] = await plans(`update t set n = 5 where id = 'a'`);
    const [cte] = await plans(`with u as (update t set n = 5 where id = 'a' returning *) select * from u`);
    expect(reach(plain!).write).toMatchObject({ operation: 'UpdateItem', relation: 'public.t', table });
    expect(reach(cte!)).toEqual(reach(plain!));
    const [del] = await plans(`with d as (delete from t returning *) select count(*) from d`);
    expect(reach(del!)).toEqual(reach((await plans(`delete from t`))[0]!));
    expect(reach(del!).scans).toEqual([['Scan', 'public.t']]);
    expect(reach(del!).write).toMatchObject({ operation: 'DeleteItem', relation: 'public.t' });
    expect([await n('a'), await n('b')]).toEqual(['1', '2']);
  });

  it("EXPLAIN ANALYZE and EXECUTE: their statement's plan", async () => {
    const [analyzed] = await plans(`explain analyze update t set n = 5 where id = 'a'`);
    expect(reach(analyzed!)).toEqual(reach((await plans(`update t set n = 5 where id = 'a'`))[0]!));
    const [counted] = await plans(`explain analyze select count(*) from t`);
    expect(reach(counted!).scans).toEqual([['Scan', 'public.t']]);
    const session = 'guard-execute';
    await engine.execute(`prepare w as update t set n = 6 where id = $1; prepare s as select * from t`, {
      session,
    });
    const [w, s] = await plans(`execute w('b'); execute s`, session);
    expect(reach(w!)).toEqual(reach((await plans(`update t set n = 6 where id = 'b'`))[0]!));
    expect(reach(s!).scans).toEqual([['Scan', 'public.t']]);
    expect([await n('a'), await n('b')]).toEqual(['1', '2']);
  });

  it("CREATE TABLE AS, SELECT INTO, CREATE MATERIALIZED VIEW, COPY (query) TO, DECLARE: the query's reads", async () => {
    const scan = [['Scan', 'public.t']];
    for (const sql of [
      `create temp table x as select * from t`,
      `select * into temp y from t`,
      `create materialized view mv as select id, n from t`,
      `copy (select * from t) to stdout`,
      `declare c cursor with hold for select * from t`,
    ])
      expect([sql, reach((await plans(sql))[0]!).scans]).toEqual([sql, scan]);
    // Nothing was made.
    expect((await engine.execute('select * from mv')).error?.sqlstate).toBe('42P01');
  });

  it("a data-modifying WITH's write is previewed as the plain statement is, nothing written", async () => {
    const p = await preview(`with u as (update t set n = n + 10 where n >= 2 returning *) select * from u`);
    expect(p.error).toBeUndefined();
    expect(p.statements).toHaveLength(1);
    expect(p.statements[0]).toMatchObject({
      statementIndex: 0,
      command: 'UPDATE',
      rowCount: 2,
      hasWhere: true,
      needsConfirmation: true,
    });
    expect(p.statements[0]!.plan.write).toMatchObject({ operation: 'UpdateItem', relation: 'public.t' });
    const all = await preview(`select 1; with d as (delete from t returning *) select count(*) from d`);
    expect(all.statements[0]).toMatchObject({
      statementIndex: 1,
      command: 'DELETE',
      rowCount: 3,
      hasWhere: false,
      needsConfirmation: true,
    });
    expect([await n('a'), await n('b'), await n('c')]).toEqual(['1', '2', '3']);
  });
});

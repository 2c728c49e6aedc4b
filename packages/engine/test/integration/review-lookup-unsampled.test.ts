import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Review of fe892a3: with nothing cached and DescribeTable reporting no size (dynalite; a new table on
 * DynamoDB for up to 6 hours), a lookup naming its whole key is read by key without pricing a Scan
 * (plan-scan.ts chooseWithFigures, keyedRead alone). An IN list of 50 keys over 40 small items is then
 * a BatchGetItem priced at 0.5 RCU a key (25 RCU), where the same statement planned on figures
 * (sampled, or cached past their expiry: chooseAccess) is a Scan of 0.5 RCU — so a statement under
 * dynascope.max_statement_rcu is refused (54000) in a fresh session and runs once anything sampled.
 * Both cases failed at fe892a3 and pass at its parent and with the fix (only one key skips the sample).
 */
describe('review fe892a3: an unsampled lookup of many keys over a small table (dynalite)', () => {
  let engine: Engine;
  const keys = Array.from({ length: 50 }, (_, i) => `'k${i}'`).join(', ');

  /** A foreign table over 40 small items no statement has sampled yet. */
  async function unsampledTable(): Promise<string> {
    const table = uniqueName('rv_unsampled');
    await createTable(clientOf('dynalite'), table, { name: 'id', type: 'S' });
    const items = Array.from({ length: 40 }, (_, i) => ({ id: { S: `k${i}` }, v: { S: 'x' } }));
    await putItems(clientOf('dynalite'), table, items);
    const relation = `rv.${table}`;
    await ok(
      engine,
      `create foreign table ${relation} (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    return relation;
  }

  beforeAll(async () => {
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite', 'dynamodb_server');
    await ok(engine, 'create schema rv');
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('is planned as it is once the table is sampled: a Scan of 0.5 RCU', async () => {
    const relation = await unsampledTable();
    const sql = `select id from ${relation} where id in (${keys})`;
    const first = (await engine.explain(sql)).statements[0]!.plan!.scans[0]!;
    await ok(engine, `select count(*) from ${relation} where v > 'a'`); // samples the table
    const sampled = (await engine.explain(sql)).statements[0]!.plan!.scans[0]!;
    expect(sampled).toMatchObject({ operation: 'Scan', estimatedRcu: 0.5 });
    expect({ op: first.operation, rcu: first.estimatedRcu }).toEqual({ op: 'Scan', rcu: 0.5 });
  });

  it('runs in a fresh session under max_statement_rcu = 10', async () => {
    const relation = await unsampledTable();
    const r = await engine.execute(
      `set dynascope.max_statement_rcu = 10; select count(*) from ${relation} where id in (${keys})`,
      { pageSize: 100_000 },
    );
    await ok(engine, 'reset dynascope.max_statement_rcu');
    expect(r.error?.sqlstate ?? null).toBeNull();
    expect(r.statements.at(-1)!.rows).toEqual([['40']]);
  });
});

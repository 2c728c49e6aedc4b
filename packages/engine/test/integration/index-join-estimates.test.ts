import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
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
import { numberedUsers, userId } from '../support/numbered-users';

/**
 * A join whose inner relation is read through a GSI by the outer keys (issue 17, defect 1): logins are
 * keyed by login_id, with a GSI by_user on user_id. The user is one GetItem; its id makes the logins
 * one Query of by_user while the statement runs. EXPLAIN and the cost guard priced the Scan of logins
 * the plan would need on its own; now the Query of the index, with the range the run can end in.
 */
describe.each(BACKENDS)('GSI-keyed join estimates on %s', (backend) => {
  let engine: Engine;
  const users = uniqueName('users');
  const logins = uniqueName('logins');
  const sql = `select u.name, count(*) as logins
from gj.users u
join gj.logins l on l.user_id = u.user_id
where u.user_id = 'u0034'
group by u.name`;

  beforeAll(async () => {
    const client = clientOf(backend);
    await numberedUsers(client, users, 100);
    await createTable(client, logins, { name: 'login_id', type: 'S' }, undefined, [
      { name: 'by_user', pk: { name: 'user_id', type: 'S' } },
    ]);
    // 100 users with 8 logins each.
    const l: Record<string, AttributeValue>[] = [];
    for (let u = 0; u < 100; u++)
      for (let n = 0; n < 8; n++)
        l.push({
          login_id: { S: `l${u * 8 + n}` },
          user_id: { S: userId(u) },
          agent: { S: 'a'.repeat(150) },
        });
    await putItems(client, logins, l);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema gj;
       create foreign table gj.users (user_id text not null, name text) server dynamodb_server options (table '${users}', rowid_column 'user_id');
       create foreign table gj.logins (login_id text not null, user_id text, agent text) server dynamodb_server options (table '${logins}', rowid_column 'login_id');`,
    );
  });
  afterAll(() => engine?.close());

  it('EXPLAIN prices the logins at the index Query the run makes, within a range the run stays in', async () => {
    const plan = (await engine.explain(sql)).statements[0]!.plan!;
    const [u, l] = ['gj.users', 'gj.logins'].map((r) => plan.scans.find((s) => s.relation === r)!);
    expect(u!.operation).toBe('GetItem');
    // Planned before anything is read: a Scan of logins unless the join's values restrict it.
    expect(l!.operation).toBe('Scan');
    const scanAlone = Number(/a Scan alone: ~([\d.]+) RCU/.exec(l!.estimateNote)![1]);
    expect(l!.estimateNote).toMatch(
      /^at most 1 Query\(s\) of index by_user with the values read from gj\.users \(l\.user_id = u\.user_id\); index by_user, user_id/,
    );
    expect(l!.estimatedRcu!).toBeLessThan(scanAlone / 4);
    expect(l!.estimatedRcuRange!.min).toBe(0);
    expect(l!.estimatedRcuRange!.max).toBeGreaterThanOrEqual(scanAlone);

    const [r] = await ok(engine, sql);
    expect(r!.rows).toEqual([['User 34', '8']]);
    const ran = r!.plan!.scans.find((s) => s.relation === 'gj.logins')!;
    expect(ran.operation).toBe('Query');
    expect(ran.index).toBe('by_user');
    expect(ran.consumedRcu!).toBeGreaterThanOrEqual(l!.estimatedRcuRange!.min);
    expect(ran.consumedRcu!).toBeLessThanOrEqual(l!.estimatedRcuRange!.max);
    // Eight logins of ~170 bytes: one unit, as estimated.
    expect(ran.consumedRcu).toBe(0.5);
    if (l!.estimateBasis === 'sampled') expect(l!.estimatedRcu).toBe(ran.consumedRcu);
  });

  it('the cost guard lets the join run under a limit below the Scan it will not make', async () => {
    // A Scan of logins (800 items of ~170 bytes) costs ~17 RCU; the GetItem and the Query cost 1.
    const estimated = (await engine.explain(sql)).statements[0]!.plan!.scans.reduce(
      (n, s) => n + (s.estimatedRcu ?? 0),
      0,
    );
    expect(estimated).toBeLessThan(5);
    await ok(engine, `set dynascope.max_statement_rcu = ${estimated}`);
    try {
      const [r] = await ok(engine, sql);
      expect(r!.rows).toEqual([['User 34', '8']]);
      expect(r!.plan!.scans.reduce((n, s) => n + (s.consumedRcu ?? 0), 0)).toBe(1);
    } finally {
      await ok(engine, 'reset dynascope.max_statement_rcu');
    }
  });
});

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { ScriptResult } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

const ITEMS = 1500;

/** The host's own clock now, in epoch milliseconds (the host runs on this machine: the same clock as Date.now()). */
const HOST_NOW = 'extract(epoch from clock_timestamp()) * 1000';

/**
 * A point lookup does not wait for the host (issue 13 part 3, issue 18 "Concurrency"): while session A
 * runs work the host computes for seconds in one call — holding PGlite's one connection all that
 * time — session B's lookups (rows made from the items, the plan's inputs cached in B's session)
 * answer. "While" is read from the host's clock inside A's call: A's statement returns when its long
 * part began and ended, and some lookup of B started after the one and answered before the other.
 * Order, not speed: nothing here is timed.
 */
describe.each(BACKENDS)('point lookups beside host-heavy work in another session, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;

  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session, pageSize: 10_000 });
    if (r.error) throw new Error(`${session}: ${r.error.sqlstate} ${r.error.message}`);
    return r.statements;
  };

  /**
   * Runs `sql` in session A; meanwhile B looks up items one by one (each a different key, so each is
   * planned anew) until A answers — each in the session `lookupSession(n)` names, B by default.
   * Returns A's first row and B's lookups with when each started and ended.
   */
  const beside = async (sql: string, lookupSession: (n: number) => string = () => 'b') => {
    let done = false;
    const a = engine.execute(sql, { session: 'a', pageSize: 10_000 }).finally(() => (done = true));
    const lookups: { id: number; from: number; to: number; rows: unknown[][] }[] = [];
    for (let id = 0, n = 0; !done; id = (id + 7) % ITEMS, n++) {
      const from = Date.now();
      const [statement] = await run(`select id, grp from public.items where id = ${id}`, lookupSession(n));
      lookups.push({ id, from, to: Date.now(), rows: statement!.rows });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result: ScriptResult = await a;
    expect(result.error).toBeUndefined();
    const statement = result.statements.at(-1)!;
    return { row: statement.rows[0]!, shape: statement.plan?.shape, lookups };
  };

  /** The lookups that started after the host began A's long part and answered before it ended. */
  const within = (lookups: { from: number; to: number }[], began: unknown, ended: unknown) =>
    lookups.filter((l) => l.from > Number(began) && l.to < Number(ended));

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'hostwork');
    const table = uniqueName('hostwork');
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: ITEMS }, (_, i) => ({ id: { N: String(i) }, grp: { N: String(i % 3) } })),
    );
    await run(
      `create foreign table public.items (id bigint, grp int) server hostwork options (table '${table}', rowid_column 'id')`,
      'setup',
    );
    // B has looked the table up once: its settings, the table's definition and DescribeTable are cached.
    await run('select id, grp from public.items where id = 1', 'b');
  });

  afterAll(() => engine?.close());

  it('B’s lookups answer while A’s host-only statement sleeps in the host', async () => {
    const { row, lookups } = await beside(`select ${HOST_NOW}, pg_sleep(3), ${HOST_NOW}`);
    const [began, , ended] = row;
    for (const l of lookups) expect(l.rows).toEqual([[String(l.id), l.id % 3]]);
    expect(within(lookups, began, ended).length, 'lookups answered while A held the host').toBeGreaterThan(0);
  });

  it('B’s lookups answer while the host joins A’s two foreign reads', async () => {
    // A cross join: the engine joins only on equal keys, so the host computes all 2.25M pairs.
    const { row, shape, lookups } = await beside(
      `select count(*), min(${HOST_NOW}), max(${HOST_NOW}) from public.items x, public.items y`,
    );
    const [pairs, began, ended] = row;
    expect(shape).toBe('materialise-in-host');
    expect(pairs).toBe(String(ITEMS * ITEMS));
    for (const l of lookups) expect(l.rows).toEqual([[String(l.id), l.id % 3]]);
    expect(within(lookups, began, ended).length, 'lookups answered while the host joined').toBeGreaterThan(0);
  });

  /*
   * A new session's first statement needs its settings and the table's definition, which only the host
   * knows; sessions that have changed nothing share them (session/fresh-sessions.ts), so B's earlier
   * lookup answered them for every new session — until a session changes the catalog.
   */
  it('a new session’s first lookup answers while A sleeps in the host', async () => {
    // A's earlier statements ran in the host (any of them could have changed the catalog): B, which has
    // changed nothing, looks the table up again for every session like it.
    await run('select id, grp from public.items where id = 2', 'b');
    const { row, lookups } = await beside(
      `select ${HOST_NOW}, pg_sleep(3), ${HOST_NOW}`,
      (n) => `${backend}-new-${n}`,
    );
    const [began, , ended] = row;
    for (const l of lookups) expect(l.rows).toEqual([[String(l.id), l.id % 3]]);
    expect(
      within(lookups, began, ended).length,
      'new sessions answered while A held the host',
    ).toBeGreaterThan(0);
  });

  it('a new session sees what another session changed in the catalog, and no other session’s SET', async () => {
    const lookup = 'select id, grp from public.items_by_view where id = 4';
    await expect(run(lookup, 'b')).rejects.toThrow(/42P01/);
    await run('create view public.items_by_view as select id, grp from public.items', 'setup');
    // A new session resolves the name anew (on PGlite it shares what B looked up before the view).
    expect((await run(lookup, `${backend}-after-view`))[0]!.rows).toEqual([['4', 1]]);
    await run('drop view public.items_by_view', 'setup');
    await expect(run(lookup, `${backend}-after-drop`)).rejects.toThrow(/42P01/);

    await run('set dynascope.max_statement_rcu = 7', 'sets');
    expect((await engine.sessionSettings('sets')).maxStatementRcu).toBe('7');
    expect((await engine.sessionSettings(`${backend}-new-after-set`)).maxStatementRcu).toBeNull();
    expect((await engine.sessionSettings('b')).maxStatementRcu).toBeNull();
  });
});

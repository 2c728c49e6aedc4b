import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
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
import { twinEventItems, twinEventValues } from '../support/twin-events';

/**
 * FROM column aliases rename a relation's columns by position: in `from ev e(device, id)` the name
 * `device` is ev's first column (its key, `id`) and `id` its second (`device`). Every path — pushed
 * conditions, key reads, the columns loaded, joins — must read what Postgres reads; each statement is
 * compared with Postgres over a host table holding the same rows.
 */

async function rows(engine: Engine, sql: string): Promise<string[]> {
  const r = await engine.execute(sql, { pageSize: 10_000 });
  if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}: ${sql}`);
  const s = r.statements.at(-1)!;
  return [s.columns.map((c) => c.name).join(), ...s.rows.map((row) => toJson(row))];
}

describe.each(BACKENDS)('FROM column aliases on %s', (backend) => {
  let engine: Engine;

  beforeAll(async () => {
    const client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const table = uniqueName('ca_ev');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, twinEventItems());
    await ok(
      engine,
      `create schema dynamodb; create schema local;
       create foreign table dynamodb.ev (id text not null, device integer, kind text)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create table local.ev (id text not null, device integer, kind text);
       insert into local.ev values ${twinEventValues()};`,
    );
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
  });

  it.each([
    // A renamed key: the condition is on ev.id (GetItem / BatchGetItem), not on an attribute `device`.
    `select * from {s}.ev e(device, id) where device = 'e03'`,
    `select device, id, kind from {s}.ev e(device, id) where device in ('e01', 'e05', 'zz') order by 1`,
    // A renamed non-key: `id` is ev.device, compared as an integer.
    `select device from {s}.ev e(device, id) where id = 3 order by 1`,
    `select e.device, e.id from {s}.ev as e(device, id) where e.id > 4 order by 1`,
    // Only renamed columns are read: their values must be loaded.
    `select id from {s}.ev e(device, id) order by 1`,
    `select b from {s}.ev e(a, b) where b >= 2 order by 1`,
    `select x.c from {s}.ev x(a, b, c) where x.c = 'view' and x.a like 'e0%' order by 1`,
    // A partial list renames the first columns; the rest keep their names.
    `select k, device, kind from {s}.ev e(k) where k between 'e02' and 'e06' order by 1`,
    // Joins: a key read of the inner relation through a renamed column.
    `select a.device, b.kind from {s}.ev a(device, id) join {s}.ev b(k) on b.k = a.device where a.id = 2 order by 1`,
    `select count(*) from {s}.ev e(device, id) where id <> 0`,
    `select * from {s}.ev a(k) join {s}.ev b(j, d) on b.j = a.k where a.k in ('e01', 'e04') order by 1`,
    `select a.k, b.d from {s}.ev a(k) join {s}.ev b(j, d) on b.j = a.k order by 1`,
    // Rows straight from the items (no host): the output columns carry the visible names.
    `select * from {s}.ev e(a) where a = 'e01'`,
    `select * from {s}.ev as e(a, b) where a in ('e02', 'e07') order by a`,
    `select b, a from {s}.ev e(a, b) limit 20`,
  ])('%s', async (sql) => {
    const expected = await rows(engine, sql.replaceAll('{s}', 'local'));
    expect(expected.length).toBeGreaterThan(1);
    const got = await rows(engine, sql.replaceAll('{s}', 'dynamodb'));
    // Without ORDER BY the order is DynamoDB's: compared as sets (the column names first).
    const sorted = (r: string[]) => (/order by/.test(sql) ? r : [r[0], ...r.slice(1).sort()]);
    expect(sorted(got)).toEqual(sorted(expected));
  });
});

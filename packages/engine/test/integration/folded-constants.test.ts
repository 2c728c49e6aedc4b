import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * A column compared with an expression of constants is compared with what the host's planner folds
 * it to (bind/folded-constants.ts), as Postgres folds immutable expressions before an FDW sees the
 * condition: `id = 'k' || lpad('5', 2, '0')` is a GetItem, not a Scan filtered in the host. Stable and
 * volatile expressions are not folded; inside a transaction block nothing is. The rows are the host
 * path's (`id || '' = ...`, which nothing pushes).
 */
describe.each(BACKENDS)('constant expressions folded before pushdown on %s', (backend) => {
  let engine: Engine;

  beforeAll(async () => {
    const table = uniqueName('folded');
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      Array.from({ length: 20 }, (_, i) => ({
        id: { S: `k${String(i).padStart(2, '0')}` },
        n: { N: String(i) },
        // ~3 KB: a Scan costs more than reading three items by key
        pad: { S: 'x'.repeat(3000) },
      })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.fc (id text, n bigint) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(() => engine?.close());

  /** The statement's rows, its first scan's operation, and the host path's rows for the same condition. */
  async function run(where: string) {
    const [r] = await ok(engine, `select id, n from fc where ${where} order by id`);
    const hosted = await rows(
      engine,
      `select id, n from fc where ${where.replace('id', "id || ''")} order by id`,
    );
    return { operation: r!.plan!.scans[0]!.operation, rows: JSON.parse(JSON.stringify(r!.rows)), hosted };
  }

  it.each([
    [`id = 'k' || lpad('5', 2, '0')`, 'GetItem', [['k05', '5']]],
    [`id in (upper('k01'), 'k' || 1 + 1 || '2', lower('K13'))`, 'BatchGetItem', [['k13', '13']]],
    [`'k0' || 7 = id`, 'GetItem', [['k07', '7']]],
  ] as const)('%s is read by key', async (where, operation, expected) => {
    const r = await run(where);
    expect(r.operation).toBe(operation);
    expect(r.rows).toEqual(expected);
    expect(r.rows).toEqual(r.hosted);
  });

  it.each([
    // volatile: evaluated for each row, as Postgres does
    `id = 'k0' || (random() * 0)::int`,
    // stable: Postgres's planner leaves it too (evaluated as the statement runs)
    `id = 'k0' || (extract(year from now()) - extract(year from now()))::int`,
  ])('%s is not folded: a Scan', async (where) => {
    const r = await run(where);
    expect(r.operation).toBe('Scan');
    expect(r.rows).toEqual([['k00', '0']]);
    expect(r.rows).toEqual(r.hosted);
  });

  it('an expression that fails fails the statement as the host path does', async () => {
    const folded = await fails(engine, `select id from fc where id = 'k' || 1 / 0`);
    const hosted = await fails(engine, `select id from fc where id || '' = 'k' || 1 / 0`);
    expect(folded.sqlstate).toBe('22012');
    expect(folded.message).toBe(hosted.message);
  });

  it('inside a transaction block nothing is folded (a failing fold would abort the block)', async () => {
    const r = await ok(engine, `begin; select id from fc where id = 'k' || lpad('5', 2, '0'); rollback`);
    expect(r[1]!.plan!.scans[0]!.operation).toBe('Scan');
    expect(r[1]!.rows).toEqual([['k05']]);
  });
});

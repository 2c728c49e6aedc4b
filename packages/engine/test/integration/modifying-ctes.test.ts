import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { BACKENDS, clientOf, createDocServer, createTable, fails, ok, openTestEngine, putItems, rows, uniqueName } from '../support/harness';

/**
 * A data-modifying statement in WITH over foreign tables used to run on a copy of the items: the
 * statement reported rows written and DynamoDB never changed. It is refused before anything is read
 * or written until such statements run for real; over host tables alone they are Postgres's.
 */
describe.each(BACKENDS)('data-modifying WITH on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('ctes');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'dev', type: 'N' }, { name: 'seq', type: 'N' });
    await putItems(client, table, Array.from({ length: 8 }, (_, i) => ({ dev: { N: '10' }, seq: { N: String(i) } })));
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(engine, `create foreign table public.m (dev int, seq int) server dynamodb_server options (table '${table}', rowid_column 'dev')`);
  });
  afterAll(() => engine?.close());

  it.each([
    'with moved as (delete from m where dev = 10 and seq <= 5 returning *) insert into m select dev + 200, seq from moved',
    'with d as (delete from m where dev = 10 and seq <= 5 returning *) select count(*) from d',
    'with u as (update m set seq = seq where dev = 10 returning *) select * from u',
    'with i as (insert into m values (11, 1) returning *) select * from m',
  ])('%s → 0A000, and DynamoDB is unchanged', async (sql) => {
    const before = await rows(engine, 'select dev, seq from m order by dev, seq');
    const e = await fails(engine, sql);
    expect(e.sqlstate).toBe('0A000');
    expect(e.message).toMatch(/data-modifying statement in WITH/);
    expect(await rows(engine, 'select dev, seq from m order by dev, seq')).toEqual(before);
  });

  it('over host tables alone, Postgres runs them', async () => {
    const r = await ok(engine, 'create temp table h (x int); insert into h values (1), (2); with d as (delete from h where x = 1 returning *) select count(*) from d');
    expect(r.at(-1)!.rows).toEqual([['1']]);
  });
});

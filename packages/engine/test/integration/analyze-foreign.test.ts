import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
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

const SKIPPED = 'skipping "ft" --- cannot analyze this foreign table';

/**
 * ANALYZE naming foreign tables (run/analyze-foreign.ts) answers as Postgres does for an FDW that
 * cannot analyze: each foreign table skipped with a warning, the other tables analyzed. The host
 * alone failed the statement (55000: its foreign tables have no handler), local tables unanalyzed.
 */
describe('ANALYZE of foreign tables', () => {
  let engine: Engine;
  const table = uniqueName('analyze');
  const reltuples = async () =>
    Number((await rows(engine, `select reltuples from pg_class where relname = 'lt'`))[0]![0]);

  beforeAll(async () => {
    const client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'a' } }, { id: { S: 'b' } }]);
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table ft (id text not null, n integer)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create table lt (id text, n integer); insert into lt select g::text, g from generate_series(1, 5) g;`,
    );
  });
  afterAll(() => engine?.close());

  it('analyze ft: skipped with the warning, nothing else run', async () => {
    const [r] = await ok(engine, 'analyze ft');
    expect(r).toMatchObject({ command: 'ANALYZE', notices: [SKIPPED] });
    expect(await reltuples()).toBe(-1);
  });

  it('a list with local tables: they are analyzed (column lists and options kept), the foreign one skipped', async () => {
    const [r] = await ok(engine, 'analyze (verbose, skip_locked) ft (n), lt (id, n), public.ft');
    expect(r!.command).toBe('ANALYZE');
    expect(r!.notices.filter((n) => n === SKIPPED)).toHaveLength(2);
    expect(r!.notices.some((n) => /^analyzing "public\.lt"$/.test(n))).toBe(true);
    expect(await reltuples()).toBe(5);
  });

  it('inside a block, and the host still answers for the rest of the list', async () => {
    const r = await ok(engine, 'begin; analyze ft, lt; select count(*) from ft; commit');
    expect(r[1]).toMatchObject({ command: 'ANALYZE', notices: [SKIPPED] });
    expect(r[2]!.rows).toEqual([['2']]);
    const e = await fails(engine, 'analyze lt (nosuch), ft');
    expect(e).toMatchObject({
      sqlstate: '42703',
      message: 'column "nosuch" of relation "lt" does not exist',
    });
    expect(await fails(engine, 'analyze nosuch, ft')).toMatchObject({ sqlstate: '42P01' });
  });
});

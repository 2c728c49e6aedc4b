import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { sortedRowsOrError } from '../support/differential-run';
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

const ZEROS = (n: number) => '0'.repeat(n);

/**
 * A number whose display scale numeric_in refuses (over 16383 digits after the point, counting a
 * negative exponent) fails with 22003 in Postgres even when its value is 0 or 1 and DynamoDB could hold
 * it: `n = '0e-20000'` is not pushed as `n = 0` (plan/attribute-value.ts), so the host raises the error.
 * Each answer equals a host table's with the same rows: the same rows, or the same error (SQLSTATE,
 * message, position).
 */
const WHERES = [
  `n = '0e-20000'`,
  `n = 0e-20000`,
  `k = '0e-16384'`,
  `n in ('1', '1.${ZEROS(16384)}')`,
  `n = any('{1,0e-20000}')`,
  `n < 0e-16384`,
  // Taken by numeric_in: the same rows.
  `n = '0e-16383'`,
  `k = 0e+20000`,
  `n = '1.${ZEROS(16383)}'`,
];

describe.each(BACKENDS)('numeric literals beyond numeric_in’s scale on %s', (backend) => {
  let engine: Engine;

  beforeAll(async () => {
    const client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    const table = uniqueName('numeric_scale');
    await createTable(client, table, { name: 'id', type: 'S' }, { name: 'k', type: 'N' });
    const rows = [
      ['a', '0', '0'],
      ['b', '1', '1'],
      ['c', '-2.5', '0'],
    ] as const;
    await putItems(
      client,
      table,
      rows.map(([id, k, n]) => ({ id: { S: id }, k: { N: k }, n: { N: n } })),
    );
    // The same length of name, so an error's position is the same in both.
    await ok(
      engine,
      `create foreign table public.f_num (id text, k numeric, n numeric) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table public.h_num (id text, k numeric, n numeric);
       insert into public.h_num values ${rows.map(([id, k, n]) => `('${id}', ${k}, ${n})`).join(', ')}`,
    );
  });
  afterAll(() => engine?.close());

  const answer = (sql: string) => sortedRowsOrError(engine, sql);

  it.each(WHERES.map((w) => [w.length > 60 ? `${w.slice(0, 40)}…` : w, w]))('%s', async (_, where) => {
    for (const select of ['select count(*) from', 'select * from']) {
      const foreign = await answer(`${select} public.f_num where ${where}`);
      const host = await answer(`${select} public.h_num where ${where}`);
      expect(foreign, `${select} … where ${where.slice(0, 60)}`).toEqual(host);
    }
  });

  it('the refused ones fail with 22003, the others answer', async () => {
    expect(
      ((await answer(`select * from public.f_num where n = '0e-20000'`)) as { error?: string }).error,
    ).toMatch(/^22003 value overflows numeric format/);
    expect(
      ((await answer(`select id from public.f_num where n = '0e-16383'`)) as { rows?: string[] }).rows,
    ).toEqual(['["a"]', '["c"]']);
  });
});

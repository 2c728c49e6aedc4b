import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { Cell } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  uniqueName,
} from '../support/harness';

/**
 * `floatsAsText` (the wire protocol's rows, issue 12): float4/float8 cells are the host's own text
 * under the session's extra_float_digits, on every path a foreign read takes (its first page, the
 * cursor's next pages, a write's RETURNING), byte for byte what the same values in a host table give.
 * Without it they stay JSON numbers (the HTTP contract).
 */
const VALUES = `('a', 12345, 1e14), ('b', 0.1, 0.1::float8 + 0.2), ('c', 1e-5, 123456789012345.6),
  ('d', -1234.5678, 2::float8 / 3), ('e', 100000, 1e15)`;

describe.each(BACKENDS)('float cells as text on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('floats');

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table public.f (id text not null, r real, d float8)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       insert into f values ${VALUES};
       create table public.h (id text, r real, d float8);
       insert into h values ${VALUES};`,
    );
  });
  afterAll(() => engine?.close());

  /** Every row of the statement's result, reading the cursor 2 rows at a time. */
  const allRows = async (sql: string): Promise<Cell[][]> => {
    const r = await engine.execute(sql, { pageSize: 2, floatsAsText: true });
    expect(r.error).toBeUndefined();
    const s = r.statements.at(-1)!;
    const out = [...s.rows];
    for (let cursor = s.cursor; cursor;) {
      const page = await engine.next(cursor, { pageSize: 2 });
      out.push(...page.rows);
      cursor = page.cursor;
    }
    return out;
  };

  it.each(['-2', '-15', '0', '1', '3'])(
    'under extra_float_digits = %s, reads and RETURNING match the host',
    async (digits) => {
      await ok(engine, `set extra_float_digits = ${digits}`);
      try {
        const select = (t: string) => `select id, r, d, r * 3 as r3, d / 7 as d7 from ${t} order by id`;
        const foreign = await allRows(select('f'));
        expect(foreign).toHaveLength(5);
        expect(foreign).toEqual(await allRows(select('h')));
        // A plain Scan of the table (no ORDER BY), and the rows an UPDATE returns.
        const sorted = (rows: Cell[][]) => rows.sort((x, y) => String(x[0]).localeCompare(String(y[0])));
        expect(sorted(await allRows('select id, r, d from f'))).toEqual(
          await allRows('select id, r, d from h order by id'),
        );
        const returning = (t: string) => `update ${t} set r = r where id = 'a' returning r, d`;
        expect(await allRows(returning('f'))).toEqual(await allRows(returning('h')));
        for (const row of foreign) for (const cell of row.slice(1)) expect(typeof cell).toBe('string');
      } finally {
        await ok(engine, 'reset extra_float_digits');
      }
    },
  );

  it('under extra_float_digits = -2 a real shows 4 digits, in exponent form from 10^4', async () => {
    await ok(engine, 'set extra_float_digits = -2');
    try {
      expect((await allRows(`select r, d from f where id = 'a'`))[0]).toEqual(['1.234e+04', '1e+14']);
    } finally {
      await ok(engine, 'reset extra_float_digits');
    }
  });

  it('without floatsAsText, floats are numbers', async () => {
    const [s] = await ok(engine, `select r, d from f where id = 'b'`);
    expect(s!.rows).toEqual([[0.1, 0.30000000000000004]]);
  });
});

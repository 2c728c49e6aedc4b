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

const TYPES = ['int2', 'int4', 'int8'] as const;
type IntType = (typeof TYPES)[number];

/** Each type's values, its least and greatest among them: the items' partition keys, sort keys and `v`. */
const VALUES: Record<IntType, readonly string[]> = {
  int2: ['-32768', '-5', '0', '7', '16', '42', '100', '1000', '32767'],
  int4: ['-2147483648', '-5', '0', '7', '16', '42', '100', '1000', '2147483647'],
  int8: [
    '-9223372036854775808',
    '-5',
    '0',
    '7',
    '16',
    '42',
    '100',
    '1000000000000000000',
    '9223372036854775807',
  ],
};

/**
 * Quoted texts compared with an integer column: the host reads each with the column type's input
 * function (int2in/int4in/int8in), which refuses a decimal point or exponent (22P02) and a value out of
 * the type's range (22003), and takes whitespace around and a sign. (PostgreSQL 16+ also reads `0x10`
 * and `1_000`; 15 refuses them.)
 */
const TEXTS = [
  `'4.2'`,
  `' 42 '`,
  `'+7'`,
  `'1e2'`,
  `'99999999999'`,
  `'-2147483649'`,
  `'2147483647'`,
  `'-2147483648'`,
  `'32768'`,
  `'-32768'`,
  `'9223372036854775807'`,
  `'9223372036854775808'`,
  `'0x10'`,
  `'1_000'`,
  `''`,
];

/** The comparisons of column `c` with the quoted text `t` (`'…'`). */
const FORMS: readonly ((c: string, t: string) => string)[] = [
  (c, t) => `${c} = ${t}`,
  (c, t) => `${c} < ${t}`,
  (c, t) => `${t} <= ${c}`,
  (c, t) => `${c} between '-5' and ${t}`,
  (c, t) => `${c} in ('0', ${t})`,
  (c, t) => `${c} = any('{0,"${t.slice(1, -1)}"}')`,
];

/** Comparisons that are not the input function's: numeric constants, casts, typed arrays. */
const OTHERS: readonly ((c: string) => string)[] = [
  (c) => `${c} = 4.2`,
  (c) => `${c} < 1.5`,
  (c) => `${c} <= 1e18`,
  (c) => `${c} = 99999999999`,
  (c) => `${c} > -99999999999999999999`,
  (c) => `${c} = '4.2'::int4`,
  (c) => `${c} = '99999999999'::int4`,
  (c) => `${c} = '99999999999'::int8`,
  (c) => `${c} = (99999999999)::int4`,
  (c) => `${c} = (99999)::int2`,
  (c) => `${c} = 42::int2`,
  (c) => `${c} = any('{2147483648}')`,
  (c) => `${c} = any('{2147483648}'::int8[])`,
  (c) => `${c} = any('{42,1.5}'::int4[])`,
  (c) => `${c} = any('{42,99999}'::int2[])`,
  (c) => `${c} = any(array['7', '42'])`,
  (c) => `${c} = any(array[7, '4.2'])`,
  (c) => `${c} = any(array[7, '3000000000'])`,
  (c) => `${c} = any(array[3000000000, '42'])`,
  (c) => `${c} = any(array[1.5, '42'])`,
];

/**
 * A quoted text compared with an integer column is read by the column type's input function: where
 * Postgres refuses it (`age = '4.2'` 22P02, `age = '99999999999'` 22003), so does the engine — also
 * where it answers from the items alone (a count, the items' rows) — and where Postgres takes it
 * (`' 42 '`, `'+7'`) the rows are the same. Each answer equals a host table's with the same rows: the
 * same rows, or the same error (SQLSTATE, message, position).
 */
describe.each(BACKENDS)('integer columns compared with quoted texts on %s', (backend) => {
  let engine: Engine;

  beforeAll(async () => {
    const client = clientOf(backend);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    for (const type of TYPES) {
      const table = uniqueName(`ints_${type}`);
      await createTable(client, table, { name: 'id', type: 'N' }, { name: 'k', type: 'N' });
      const vs = VALUES[type];
      const rows = vs.map((v, i) => [v, vs[(i + 1) % vs.length]!, vs[(i + 2) % vs.length]!] as const);
      await putItems(
        client,
        table,
        rows.map(([id, k, v]) => ({ id: { N: id }, k: { N: k }, v: { N: v } })),
      );
      // The same length of name, so an error's position is the same in both.
      await ok(
        engine,
        `create foreign table public.f_${type} (id ${type}, k ${type}, v ${type}) server dynamodb_server options (table '${table}', rowid_column 'id');
         create table public.h_${type} (id ${type}, k ${type}, v ${type});
         insert into public.h_${type} values ${rows.map((r) => `(${r.join(', ')})`).join(', ')}`,
      );
    }
  });
  afterAll(() => engine?.close());

  const answer = (sql: string) => sortedRowsOrError(engine, sql);

  /** The statements whose answer on the foreign table differs from the host table's, for people. */
  const differing = async (type: IntType, wheres: readonly string[]) => {
    const out: string[] = [];
    for (const where of wheres)
      for (const select of ['select count(*) from', 'select * from']) {
        const foreign = await answer(`${select} public.f_${type} where ${where}`);
        const host = await answer(`${select} public.h_${type} where ${where}`);
        if (JSON.stringify(foreign) !== JSON.stringify(host))
          out.push(
            `${select} … where ${where}: ${JSON.stringify(foreign)}, the host table ${JSON.stringify(host)}`,
          );
      }
    return out;
  };

  describe.each(TYPES)('%s', (type) => {
    it.each(['id', 'k', 'v'])('%s compared with quoted texts answers as Postgres does', async (c) => {
      const wheres = FORMS.flatMap((form) => TEXTS.map((t) => form(c, t)));
      expect(await differing(type, wheres)).toEqual([]);
    });

    it.each(['id', 'k', 'v'])(
      '%s compared with numbers, casts and typed arrays answers as Postgres does',
      async (c) => {
        expect(
          await differing(
            type,
            OTHERS.map((o) => o(c)),
          ),
        ).toEqual([]);
      },
    );
  });

  it('still pushes a text the input function reads the same on every host', async () => {
    for (const where of [
      `v = ' 42 '`,
      `k < '+7'`,
      `'-2147483648' <= v`,
      `v between '-5' and '2147483647'`,
      `v in ('0', ' 7')`,
      `v = any('{0,"2147483647"}')`,
      `v = '42'::int2`,
      `v = any('{1,2}'::int8[])`,
    ]) {
      const plan = (await engine.explain(`select count(*) from public.f_int4 where ${where}`)).statements[0]!
        .plan!;
      expect(plan.scans[0]!.pushed, where).toEqual([where]);
    }
  });
});

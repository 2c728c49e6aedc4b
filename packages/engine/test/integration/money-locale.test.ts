import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
  rows,
  uniqueName,
} from '../support/harness';
import { testPostgresUrl } from '../support/pg-database';

/**
 * Issue 12: money inside a composite (and an array of composites), and a nested money[] mixing
 * amounts (N) and text (S), are written and read the same under every lc_monetary. money's text
 * follows lc_monetary (de_DE: `1.234,50 €`, where `1234.50` reads as 123450): a composite is stored
 * as its text under lc_monetary C and read back so; a list's amounts are numbers. Each read is
 * compared with a host table holding the same values, under the same setting.
 *
 * PGlite knows only the C locale (it takes `set lc_monetary = 'de_DE.UTF-8'` and formats as C); the
 * PostgreSQL 15 test cluster (npm run test:pg) has de_DE and en_US, so the other locales run there.
 */
const LOCALES = testPostgresUrl() ? ['C', 'de_DE.UTF-8', 'en_US.UTF-8'] : ['C'];
const PAIRS = LOCALES.flatMap((w) => LOCALES.map((r) => [w, r] as const));

// Typed constants whose values no lc_monetary changes (numeric → money scales by the locale's 2 digits).
const VALUES = {
  cp: `row('a', 1234.5::numeric::money, array[0.01::numeric::money, null, (-92233720368547758.08)::numeric::money])::dynamodb.priced`,
  cpa: `array[row('b', 0.5::numeric::money, null)::dynamodb.priced, null, row(null, (-1000000)::numeric::money, '{}')::dynamodb.priced]`,
  moa: `array[[1234.5::numeric::money, null], [(-0.01)::numeric::money, 7::numeric::money]]`,
};
const OTHER = {
  cp: `row('z', (-7654321.99)::numeric::money, array[[1::numeric::money], [2::numeric::money]])::dynamodb.priced`,
  cpa: `array[row('y', 92233720368547758.07::numeric::money, array[null::money])::dynamodb.priced]`,
  moa: `array[[(-1.5)::numeric::money]]`,
};
const COLUMNS = Object.keys(VALUES) as (keyof typeof VALUES)[];
const TEXT = COLUMNS.map((c) => `${c}::text`).join(', ');

describe.each(BACKENDS)(
  `money in composites and nested money[] under lc_monetary ${LOCALES.join(', ')} on %s`,
  (backend) => {
    let engine: Engine;
    let client: DynamoDBClient;
    const table = uniqueName('money_locale');
    const get = async (id: string) =>
      (
        await client.send(
          new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
        )
      ).Item;
    const values = (v: Record<string, string>) => COLUMNS.map((c) => v[c]).join(', ');
    const underLocale = async <T>(locale: string, f: () => Promise<T>): Promise<T> => {
      await ok(engine, `set lc_monetary = '${locale}'`);
      try {
        return await f();
      } finally {
        await ok(engine, 'reset lc_monetary');
      }
    };
    let stored: Record<string, AttributeValue>;
    let storedOther: Record<string, AttributeValue>;

    beforeAll(async () => {
      client = clientOf(backend);
      await createTable(client, table, { name: 'id', type: 'S' });
      engine = await openTestEngine();
      await createDocServer(engine, backend);
      await ok(
        engine,
        `create schema dynamodb;
       create type dynamodb.priced as (label text, amount money, amounts money[]);
       create foreign table dynamodb.m (id text not null, cp dynamodb.priced, cpa dynamodb.priced[], moa money[])
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create table host_m (id text primary key, cp dynamodb.priced, cpa dynamodb.priced[], moa money[]);
       insert into host_m values ('values', ${values(VALUES)}), ('other', ${values(OTHER)}),
         ('mixed', null, null, array[[1234.5::numeric::money, '7'::money], [null, (-0.01)::numeric::money]]);`,
      );
      await underLocale('C', async () => {
        await ok(
          engine,
          `insert into dynamodb.m values ('base', ${values(VALUES)}), ('base-other', ${values(OTHER)})`,
        );
      });
      stored = (await get('base'))!;
      storedOther = (await get('base-other'))!;
    });
    afterAll(() => engine?.close());

    it('stores a composite as its text under lc_monetary C and a money[] as amounts', () => {
      expect(stored).toEqual({
        id: { S: 'base' },
        cp: { S: '(a,"$1,234.50","{$0.01,NULL,""-$92,233,720,368,547,758.08""}")' },
        cpa: { L: [{ S: '(b,$0.50,)' }, { NULL: true }, { S: '(,"-$1,000,000.00",{})' }] },
        moa: { L: [{ L: [{ N: '1234.5' }, { NULL: true }] }, { L: [{ N: '-0.01' }, { N: '7' }] }] },
      });
    });

    it.each(LOCALES)('under lc_monetary = %s, INSERT and UPDATE store what C stores', async (locale) => {
      const id = `w-${locale}`;
      await underLocale(locale, async () => {
        await ok(engine, `insert into dynamodb.m values ('${id}', ${values(VALUES)})`);
        expect(await get(id)).toEqual({ ...stored, id: { S: id } });
        await ok(
          engine,
          `update dynamodb.m set ${COLUMNS.map((c) => `${c} = ${OTHER[c]}`).join(', ')} where id = '${id}'`,
        );
        expect(await get(id)).toEqual({ ...storedOther, id: { S: id } });
        await ok(
          engine,
          `update dynamodb.m set ${COLUMNS.map((c) => `${c} = ${VALUES[c]}`).join(', ')} where id = '${id}'`,
        );
        expect(await get(id)).toEqual({ ...stored, id: { S: id } });
      });
    });

    it.each(PAIRS)(
      'written under lc_monetary = %s, read under %s as the host table outputs it',
      async (w, r) => {
        const id = `rw-${w}-${r}`;
        await underLocale(w, () => ok(engine, `insert into dynamodb.m values ('${id}', ${values(VALUES)})`));
        await underLocale(r, async () => {
          const expected = await rows(engine, `select ${TEXT} from host_m where id = 'values'`);
          expect(await rows(engine, `select ${TEXT} from dynamodb.m where id = '${id}'`)).toEqual(expected);
          // The values themselves, not only their text: the amounts inside, as numbers.
          const amounts = `(cp).amount::numeric, (cp).amounts::numeric[]::text, (cpa[3]).amount::numeric, moa::numeric[]::text`;
          expect(await rows(engine, `select ${amounts} from dynamodb.m where id = '${id}'`)).toEqual(
            await rows(engine, `select ${amounts} from host_m where id = 'values'`),
          );
          // A filter and a join the host evaluates over the loaded rows see the same values.
          expect(
            await rows(
              engine,
              `select count(*) from dynamodb.m f join host_m h on h.cp = f.cp and h.cpa = f.cpa and h.moa = f.moa where f.id = '${id}'`,
            ),
          ).toEqual([['1']]);
        });
      },
    );

    it.each(LOCALES)(
      'under lc_monetary = %s, RETURNING of a data-modifying WITH gives what the host table gives',
      async (locale) => {
        const id = `ret-${locale}`;
        await ok(engine, `insert into dynamodb.m values ('${id}', ${values(VALUES)})`);
        await ok(engine, `create table host_ret as select * from host_m where id = 'values'`);
        try {
          await underLocale(locale, async () => {
            const set = COLUMNS.map((c) => `${c} = ${OTHER[c]}`).join(', ');
            const update = (t: string, where: string) =>
              `with w as (update ${t} set ${set} where ${where} returning ${COLUMNS.join(', ')}) select ${TEXT} from w`;
            expect(await rows(engine, update('dynamodb.m', `id = '${id}'`))).toEqual(
              await rows(engine, update('host_ret', "id = 'values'")),
            );
            const remove = (t: string, where: string) =>
              `with d as (delete from ${t} where ${where} returning *) select ${TEXT}, (cp).amount::numeric from d`;
            expect(await rows(engine, remove('dynamodb.m', `id = '${id}'`))).toEqual(
              await rows(engine, remove('host_ret', "id = 'values'")),
            );
          });
        } finally {
          await ok(engine, 'drop table host_ret');
        }
      },
    );

    it.each(LOCALES)(
      'under lc_monetary = %s, a write preview shows before and after as the host table outputs them',
      async (locale) => {
        const id = `pre-${locale}`;
        await ok(engine, `insert into dynamodb.m values ('${id}', ${values(VALUES)})`);
        await underLocale(locale, async () => {
          const set = COLUMNS.map((c) => `${c} = ${OTHER[c]}`).join(', ');
          const p = await engine.preview(`update dynamodb.m set ${set} where id = '${id}'`);
          expect(p.error).toBeUndefined();
          const [row] = p.statements[0]!.sample;
          const shown = (cells: Record<string, unknown> | null) =>
            JSON.parse(toJson(COLUMNS.map((c) => cells?.[c]))) as unknown;
          const host = async (id: string) => {
            const [r] = await ok(engine, `select ${COLUMNS.join(', ')} from host_m where id = '${id}'`);
            return JSON.parse(toJson(r!.rows[0])) as unknown;
          };
          expect(shown(row!.before)).toEqual(await host('values'));
          expect(shown(row!.after)).toEqual(await host('other'));
        });
      },
    );

    it.each(LOCALES)(
      'under lc_monetary = %s, a nested money[] mixing N and S reads each element by its kind',
      async (locale) => {
        // An N is an amount (numeric, then money); an S is money text, read by money's input ('7' is 7 in every locale).
        await putItems(client, table, [
          {
            id: { S: 'mixed' },
            moa: { L: [{ L: [{ N: '1234.5' }, { S: '7' }] }, { L: [{ NULL: true }, { N: '-0.01' }] }] },
          },
        ]);
        await underLocale(locale, async () => {
          const select = `select moa::text, moa::numeric[]::text`;
          expect(await rows(engine, `${select} from dynamodb.m where id = 'mixed'`)).toEqual(
            await rows(engine, `${select} from host_m where id = 'mixed'`),
          );
          expect(
            await rows(engine, `select moa::numeric[]::text from dynamodb.m where id = 'mixed'`),
          ).toEqual([['{{1234.50,7.00},{NULL,-0.01}}']]);
        });
      },
    );
  },
);

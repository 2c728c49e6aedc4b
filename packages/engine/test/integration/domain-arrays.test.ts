import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * Issue 12: an array of a domain is written as an array of its base type is (spec §4): integers and
 * floats as N, bytea as B, timestamptz in ISO 8601 in UTC, money as its amount — it was a list of S
 * holding each element's text (`{"L":[{"S":"1"}]}`, bytea as `\x00ff` text). Each domain array
 * column is compared with a column of the base type holding the same values, and read back as the
 * host table outputs the same values.
 */
const DOMAINS: [string, string, string][] = [
  ['posint', 'int4', `array[1, 2, null]`],
  ['f8d', 'float8', `array[0.1::float8 + 0.2, 1e20]`],
  ['bd', 'bytea', `array['\\x00ff'::bytea]`],
  ['tzd', 'timestamptz', `array[timestamptz '2024-03-05 10:00:00+02']`],
  ['md', 'money', `array[1234.5::numeric::money, (-0.01)::numeric::money]`],
  // DynamoDB keeps no trailing zeros (1.50 is stored 1.5): the host table holds what it can.
  ['nd', 'numeric', `array[1.5, -0.001]`],
];
const columns = DOMAINS.flatMap(([d, base]) => [`${d}_a public.${d}[]`, `${d}_b ${base}[]`]).join(', ');
const values = DOMAINS.flatMap(([d, , v]) => [`(${v})::public.${d}[]`, v]).join(', ');

describe.each(BACKENDS)('arrays of domains on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('domain_arrays');

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create domain public.posint as int4 check (value > 0);
       create domain public.f8d as float8;
       create domain public.bd as bytea;
       create domain public.tzd as timestamptz;
       create domain public.md as money;
       create domain public.nd as numeric;
       create foreign table public.d (id text not null, ${columns})
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create table public.hd (id text, ${columns});
       insert into public.d values ('x', ${values});
       insert into public.hd values ('x', ${values});`,
    );
  });
  afterAll(() => engine?.close());

  it('writes each element as its base type writes it', async () => {
    const item = (await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'x' } } }))).Item!;
    for (const [d] of DOMAINS) expect({ d, stored: item[`${d}_a`] }).toEqual({ d, stored: item[`${d}_b`] });
    expect(item.posint_a).toEqual({ L: [{ N: '1' }, { N: '2' }, { NULL: true }] });
  });

  it('reads them back as the host table outputs them', async () => {
    const select = `select ${DOMAINS.flatMap(([d]) => [`${d}_a::text`, `${d}_b::text`]).join(', ')}`;
    expect(await rows(engine, `${select} from public.d`)).toEqual(
      await rows(engine, `${select} from public.hd`),
    );
    // A domain's check still holds on what is read: a stored 0 is refused (23514), as the host refuses it.
    await ok(engine, `update public.d set posint_b = array[0] where id = 'x'`);
    expect((await engine.execute(`select posint_b::public.posint[] from public.d`)).error?.sqlstate).toBe(
      '23514',
    );
  });
});

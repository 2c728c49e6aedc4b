import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
 * A write the engine refuses at one row — a date/time value a read cannot take back (22008), an
 * item over 400 KB (54000), a number DynamoDB cannot hold (22003) — writes nothing: every row's
 * new item is made and checked before the first is sent, as an INSERT's are. Before, an UPDATE
 * wrote item by item and stopped at the refused row with the rows before it written.
 */
describe.each(BACKENDS)('a row refused before sending on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('refused_rows');
  const archive = uniqueName('refused_archive');
  const keys = Array.from({ length: 40 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`);
  /** The key the host's UPDATE reaches last (its rows are in the order the Scan read them). */
  let last: string;

  const items = async () => {
    const out = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    return out.Items ?? [];
  };
  /** The keys of the items not as the beforeEach wrote them: what a refused statement must not have written. */
  const changed = async () =>
    (await items())
      .filter((i) => i.d?.S !== '2024-01-01' || i.body?.S !== 'small' || i.n?.N !== '1' || i.extra?.S !== 'e')
      .map((i) => i.pk?.S);

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' });
    await createTable(client, archive, { name: 'pk', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table rf (pk text not null, d date, body text, n numeric)
         server dynamodb_server options (table '${table}', rowid_column 'pk');
       create view rfv as select * from rf where n > 0;
       create foreign table rfa (pk text not null, d date, body text, n numeric)
         server dynamodb_server options (table '${archive}', rowid_column 'pk')`,
    );
  });
  afterAll(() => engine?.close());

  beforeEach(async () => {
    const item = (pk: string): Record<string, AttributeValue> => ({
      pk: { S: pk },
      d: { S: '2024-01-01' },
      body: { S: 'small' },
      n: { N: '1' },
      // An attribute no column declares: the read does not ask for it, DynamoDB keeps it.
      extra: { S: 'e' },
    });
    await putItems(client, table, keys.map(item));
    await ok(engine, 'delete from rfa');
    last = String((await rows(engine, 'select pk from rf')).at(-1)![0]);
  });

  const refusals = [
    [
      'a date/time a read cannot take back',
      `d = case when pk = $last then 'infinity'::date else '2024-02-02' end`,
      '22008',
    ],
    ['a number DynamoDB cannot hold', `n = case when pk = $last then 'NaN'::numeric else 2 end`, '22003'],
    [
      'an item over 400 KB',
      `body = case when pk = $last then repeat('x', 410000) else 'changed' end`,
      '54000',
    ],
  ] as const;
  const shapes: readonly [string, (set: string) => string][] = [
    ['UPDATE', (set) => `update rf set ${set}`],
    ['UPDATE ... RETURNING', (set) => `update rf set ${set} returning pk, d`],
    ['UPDATE through a view', (set) => `update rfv set ${set}`],
    [
      'a WITH query that updates',
      (set) => `with u as (update rf set ${set} returning pk) select count(*) from u`,
    ],
  ];

  it.each(
    refusals.flatMap(([what, set, sqlstate]) =>
      shapes.map(([shape, sql]) => [shape, what, sql(set), sqlstate]),
    ),
  )('%s with %s at its last row writes none of them', async (_shape, _what, sql, sqlstate) => {
    const e = await fails(engine, sql.replaceAll('$last', `'${last}'`));
    expect(e.sqlstate).toBe(sqlstate);
    expect(await changed()).toEqual([]);
  });

  it('the item over 400 KB is named with its size, counted from the item as read and changed', async () => {
    const e = await fails(
      engine,
      `update rf set body = case when pk = '${last}' then repeat('x', 409600) else 'changed' end`,
    );
    // Counted from the attributes the UPDATE read (its Scan asks for pk and body only) with its
    // change applied: 'pk' + the key + 'body' + the text, 409,600 + 9 bytes.
    expect(e.message).toBe(
      `the row of foreign table "public.rf" with key {"pk":{"S":"${last}"}} would be a DynamoDB item of 409,609 bytes, over its limit of 409,600`,
    );
    expect(await changed()).toEqual([]);
    // One that fits is written.
    await ok(engine, `update rf set body = repeat('y', 409500) where pk = '${last}'`);
    expect((await items()).find((i) => i.pk?.S === last)?.body?.S).toHaveLength(409500);
  });

  it('a statement of several writes writes none of them when a later one refuses a row', async () => {
    const archived = async () =>
      (await client.send(new ScanCommand({ TableName: archive, Select: 'COUNT' }))).Count;
    // Moving the items: the DELETE's items are made, then the INSERT's, refused at one: nothing deleted.
    const moved = await fails(
      engine,
      `with moved as (delete from rf returning *)
       insert into rfa select pk, case when pk = '${last}' then 'infinity'::date else d end, body, n from moved`,
    );
    expect(moved.sqlstate).toBe('22008');
    expect(await items()).toHaveLength(40);
    expect(await archived()).toBe(0);
    // Two WITH queries: the first's UPDATE is not sent when the second's INSERT is refused.
    const two = await fails(
      engine,
      `with a as (update rf set n = 2 returning pk), b as (insert into rfa (pk, d) values ('x', 'infinity'))
       select count(*) from a`,
    );
    expect(two.sqlstate).toBe('22008');
    expect(await changed()).toEqual([]);
    expect(await archived()).toBe(0);
  });

  it('a statement of several writes sends them all, in its order, when none is refused', async () => {
    const [s] = await ok(
      engine,
      `with moved as (delete from rf where pk in ('r01', 'r02') returning *)
       insert into rfa select pk, d, 'moved', n from moved returning pk`,
    );
    expect(s).toMatchObject({ command: 'INSERT', rowCount: 2 });
    expect((await items()).map((i) => i.pk?.S).sort()).toEqual(keys.slice(2));
    expect(await rows(engine, 'select pk, body from rfa order by pk')).toEqual([
      ['r01', 'moved'],
      ['r02', 'moved'],
    ]);
    // The same table deleted from and written: the DELETE first, as the statement says.
    await ok(
      engine,
      `with gone as (delete from rf where pk = 'r03' returning *) insert into rfa select pk, d, 'again', n from gone;
       with gone as (delete from rfa where pk = 'r03' returning *) insert into rfa select pk, d, 'back', n from gone`,
    );
    expect(await rows(engine, `select body from rfa where pk = 'r03'`)).toEqual([['back']]);
    // ON CONFLICT DO NOTHING goes on with DynamoDB's answer: what was held back is sent before it.
    const [c] = await ok(
      engine,
      `with a as (update rf set n = 2 where pk = 'r04' returning pk)
       insert into rfa values ('r03', null, 'kept?', 1), ('c1', null, 'new', 1) on conflict do nothing returning pk`,
    );
    expect(c!.rows).toEqual([['c1']]);
    expect((await items()).find((i) => i.pk?.S === 'r04')?.n).toEqual({ N: '2' });
    expect(await rows(engine, `select pk, body from rfa where pk in ('r03', 'c1') order by pk`)).toEqual([
      ['c1', 'new'],
      ['r03', 'back'],
    ]);
  });

  it('rows whose values are all good are written', async () => {
    await ok(engine, `update rf set d = '2024-02-02', n = 2`);
    expect((await items()).filter((i) => i.d?.S === '2024-02-02' && i.n?.N === '2')).toHaveLength(40);
  });
});

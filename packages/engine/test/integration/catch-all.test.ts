import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
 * The catch-all of any name (catalog/catch-all.ts): what a write spreads into native attributes is
 * what the read gives back, checked on the raw items, not only through SQL.
 */
describe.each(BACKENDS)('the catch-all on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const events = uniqueName('events');
  const loose = uniqueName('loose');

  const get = async (table: string, id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item;

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, events, { name: 'id', type: 'S' });
    await createTable(client, loose, { name: 'id', type: 'S' });
    await putItems(client, loose, [
      { id: { S: 'l1' }, a: { N: '12300' }, b: { S: 'bee' }, c: { L: [{ N: '5' }] } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema ca;
       -- "Rest" is the catch-all; doc and _attrs are attributes of their own name.
       create foreign table ca.events (id text not null, n numeric, doc jsonb, _attrs jsonb, "Rest" jsonb)
         server dynamodb_server options (table '${events}', rowid_column 'id', catch_all 'Rest');
       create foreign table ca.events_attrs (id text not null, n numeric, doc jsonb, _attrs jsonb)
         server dynamodb_server options (table '${events}', rowid_column 'id');
       create foreign table ca.missing (id text not null, rest jsonb)
         server dynamodb_server options (table '${events}', rowid_column 'id', catch_all 'nope');
       create foreign table ca.loose (id text not null, a numeric, j json, extra jsonb)
         server dynamodb_server options (table '${loose}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  it('INSERT spreads a catch-all named by catch_all into native top-level attributes; other jsonb columns stay JSON text', async () => {
    await ok(
      engine,
      `insert into ca.events (id, n, doc, _attrs, "Rest") values
         ('e1', 1.50, '{"a": 1}', '{"b": 2}', '{"color": "red", "big": 12345678901234567890123456789012345678, "l": [1, "x"], "m": {"k": null}, "yes": true}')`,
    );
    expect(await get(events, 'e1')).toEqual({
      id: { S: 'e1' },
      n: { N: '1.5' },
      doc: { S: '{"a": 1}' },
      _attrs: { S: '{"b": 2}' },
      color: { S: 'red' },
      big: { N: '12345678901234567890123456789012345678' },
      l: { L: [{ N: '1' }, { S: 'x' }] },
      m: { M: { k: { NULL: true } } },
      yes: { BOOL: true },
    });
    // Read back: the same object (its 38-digit member checked as text, as JSON.parse rounds it); the jsonb columns named like attributes read them.
    expect(
      await rows(engine, `select doc, _attrs, "Rest", "Rest"->>'big' from ca.events where id = 'e1'`),
    ).toEqual([
      [
        { a: 1 },
        { b: 2 },
        { big: expect.any(Number), color: 'red', l: [1, 'x'], m: { k: null }, yes: true },
        '12345678901234567890123456789012345678',
      ],
    ]);
  });

  it('UPDATE of a catch-all named by catch_all SETs and REMOVEs its members as native attributes', async () => {
    await ok(
      engine,
      `insert into ca.events (id, n, "Rest") values ('e2', 7, '{"keep": 1, "drop": "x", "change": [1]}')`,
    );
    const [s] = await ok(
      engine,
      `update ca.events set "Rest" = ("Rest" - 'drop') || '{"change": {"deep": [true]}, "added": 2.50}' where id = 'e2' returning "Rest"`,
    );
    expect(s!.rowCount).toBe(1);
    expect(await get(events, 'e2')).toEqual({
      id: { S: 'e2' },
      n: { N: '7' },
      keep: { N: '1' },
      change: { M: { deep: { L: [{ BOOL: true }] } } },
      added: { N: '2.5' },
    });
    expect(await rows(engine, `select "Rest" from ca.events where id = 'e2'`)).toEqual([
      [{ keep: 1, added: 2.5, change: { deep: [true] } }],
    ]);
    // Setting it to NULL removes every member; declared columns stay.
    await ok(engine, `update ca.events set "Rest" = null where id = 'e2'`);
    expect(await get(events, 'e2')).toEqual({ id: { S: 'e2' }, n: { N: '7' } });
    expect(await rows(engine, `select n, "Rest" from ca.events where id = 'e2'`)).toEqual([['7', null]]);
  });

  it('without catch_all, _attrs is the catch-all; the same item reads through either definition', async () => {
    await ok(
      engine,
      `insert into ca.events_attrs (id, doc, _attrs) values ('e3', '{"a": 1}', '{"z": [1.25], "y": 1}')`,
    );
    expect(await get(events, 'e3')).toEqual({
      id: { S: 'e3' },
      doc: { S: '{"a": 1}' },
      z: { L: [{ N: '1.25' }] },
      y: { N: '1' },
    });
    expect(await rows(engine, `select "Rest" from ca.events where id = 'e3'`)).toEqual([
      [{ z: [1.25], y: 1 }],
    ]);
  });

  it('UPDATE that sets the catch-all without reading it still removes the members it drops (fixed defect)', async () => {
    // DEFECT: a SET target is no ColumnRef, so the item was read without its undeclared attributes, the
    // old catch-all looked empty and `set _attrs = <constant>` left the old members behind.
    await ok(engine, `update ca.events_attrs set _attrs = '{"only": 2.50}' where id = 'e3'`);
    expect(await get(events, 'e3')).toEqual({ id: { S: 'e3' }, doc: { S: '{"a": 1}' }, only: { N: '2.5' } });
  });

  it.each([
    ['null', {}],
    [`'{}'`, {}],
    [`'{"n2": 1}'`, { n2: { N: '1' } }],
  ])('set _attrs = %s leaves exactly the members the new value has (issue 12)', async (value, members) => {
    await ok(
      engine,
      `insert into ca.events_attrs (id, doc, _attrs) values ('e6', '{"a": 1}', '{"x": 1, "y": [true]}')`,
    );
    const [u] = await ok(engine, `update ca.events_attrs set _attrs = ${value} where id = 'e6'`);
    expect(u!.rowCount).toBe(1);
    expect(await get(events, 'e6')).toEqual({ id: { S: 'e6' }, doc: { S: '{"a": 1}' }, ...members });
  });

  it('a catch-all member DynamoDB cannot hold is the engine error a numeric column gives, before any write', async () => {
    const e = await fails(
      engine,
      `insert into ca.events (id, "Rest") values ('e5', '{"n": ${'9'.repeat(39)}}')`,
    );
    expect(e.sqlstate).toBe('22003');
    expect(e.message).toContain(
      `value ${'9'.repeat(39)} of column "Rest" cannot be stored as a DynamoDB number`,
    );
    expect(await get(events, 'e5')).toBeUndefined();
  });

  it('the catalog marks the column writes spread, and only that one', async () => {
    const catalog = await engine.catalog();
    const marked = (name: string) =>
      catalog.tables
        .find((t) => t.schema === 'ca' && t.name === name)!
        .columns.filter((c) => c.catchAll)
        .map((c) => c.name);
    expect(marked('events')).toEqual(['Rest']);
    expect(marked('events_attrs')).toEqual(['_attrs']);
    expect(marked('missing')).toEqual([]);
    expect(marked('loose')).toEqual([]);
  });

  it('a catch_all naming no jsonb column is refused on write; ALTER can fix it', async () => {
    const e = await fails(engine, `insert into ca.missing (id, rest) values ('e4', '{"a": 1}')`);
    expect(e.sqlstate).toBe('HV000');
    expect(e.message).toBe('catch_all column "nope" does not exist');
    expect(await get(events, 'e4')).toBeUndefined();
    await ok(engine, `alter foreign table ca.missing options (set catch_all 'rest')`);
    await ok(engine, `insert into ca.missing (id, rest) values ('e4', '{"a": 1}')`);
    expect(await get(events, 'e4')).toEqual({ id: { S: 'e4' }, a: { N: '1' } });
  });

  it('a json or jsonb column that is not an attribute reads the leftovers whatever the select list (fixed defect)', async () => {
    // DEFECT: bind read whole items only for jsonb columns, so `select id, j` projected {id, j} and the
    // json column's catch-all came back NULL, while `select *` gave the leftovers (spec §2).
    const all = { b: 'bee', c: [5] };
    expect(await rows(engine, `select id, j::text from ca.loose where id = 'l1'`)).toEqual([
      ['l1', '{"b":"bee","c":[5]}'],
    ]);
    expect(await rows(engine, `select extra from ca.loose where id = 'l1'`)).toEqual([[all]]);
    expect(await rows(engine, `select j::jsonb = extra from ca.loose`)).toEqual([[true]]);
  });
});

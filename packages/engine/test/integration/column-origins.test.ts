import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import type { Column } from '../../src/types';
import { clientOf, createDocServer, createTable, ok, openTestEngine, uniqueName } from '../support/harness';

/**
 * ExecuteOptions.columnOrigins (the wire's RowDescription): each result column's type oid and
 * typmod, and for a plain reference to a table's column that relation's oid and attnum, as Postgres
 * gives them — for statements the host answers and for those the engine answers from items, by its
 * join or over temp tables (whose oids are not the client's). Without the option the columns are
 * name and type only (the HTTP API's). PGlite and PostgreSQL 15 hosts.
 */
describe('result columns with their RowDescription fields', () => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('origins');

  beforeAll(async () => {
    client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table public.ft (id varchar(20) not null, price numeric(10,2), n integer) server dynamodb_server options (table '${table}', rowid_column 'id');
       create table public.host_t (k integer, label varchar(10));
       create view public.ftv as select id, price, price * 2 as doubled from public.ft;
       insert into public.ft values ('a', 1.25, 1), ('b', 2.5, 2);
       insert into public.host_t values (1, 'one')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    client?.destroy();
  });

  /** Each column as `name type(typmod) relation.attnum` (`-` for none), or its plain shape when it has no fields. */
  async function shown(columns: readonly Column[], session: string): Promise<string[]> {
    const out: string[] = [];
    for (const c of columns) {
      if (c.typmod === undefined) {
        out.push(JSON.stringify(c));
        continue;
      }
      // In the statement's session: another waits while its block is open (PGlite).
      const rel = c.tableOid
        ? (await engine.execute(`select ${c.tableOid}::regclass::text`, { session })).statements[0]!
            .rows[0]![0]
        : '-';
      out.push(`${c.name} ${c.typeOid}(${c.typmod}) ${String(rel)}.${c.attnum}`);
    }
    return out;
  }

  async function described(sql: string, session = 'wire', explain = false): Promise<string[]> {
    const options = { session, columnOrigins: true };
    const r = explain ? await engine.explain(sql, options) : await engine.execute(sql, options);
    if (r.error) throw new Error(`${sql}: ${r.error.message}`);
    return shown(r.statements.at(-1)!.columns, session);
  }

  it.each([
    ['select * from ft', ['id 1043(24) ft.1', 'price 1700(655366) ft.2', 'n 23(-1) ft.3']],
    ["select id, price from ft where id = 'a'", ['id 1043(24) ft.1', 'price 1700(655366) ft.2']],
    [
      'select id as i, price * 2 as p2, price::numeric(12,3) as p3, upper(id) as u from ft limit 1',
      ['i 1043(24) ft.1', 'p2 1700(-1) -.0', 'p3 1700(786439) -.0', 'u 25(-1) -.0'],
    ],
    ['select count(*) from ft', ['count 20(-1) -.0']],
    [
      'select f.id, h.label, h.k from ft f join host_t h on h.k = f.n',
      ['id 1043(24) ft.1', 'label 1043(14) host_t.2', 'k 23(-1) host_t.1'],
    ],
    ['select * from ftv', ['id 1043(24) ftv.1', 'price 1700(655366) ftv.2', 'doubled 1700(-1) ftv.3']],
    ['with c as (select price from ft) select price from c', ['price 1700(655366) ft.2']],
    ['select * from host_t', ['k 23(-1) host_t.1', 'label 1043(14) host_t.2']],
    [
      "update ft set n = n where id = 'zz' returning id, price + 0 as p",
      ['id 1043(24) ft.1', 'p 1700(-1) -.0'],
    ],
  ])('%s', async (sql, expected) => {
    expect(await described(sql)).toEqual(expected);
  });

  it('for a Describe (a plan-only run), an EXECUTE and a FETCH of a cursor', async () => {
    expect(await described('select id, price from ft', 'wire', true)).toEqual([
      'id 1043(24) ft.1',
      'price 1700(655366) ft.2',
    ]);
    // A write's RETURNING, which a plan-only run reads no rows for.
    expect(
      await described("update ft set n = n where id = 'zz' returning id, price + 0 as p", 'wire', true),
    ).toEqual(['id 1043(24) ft.1', 'p 1700(-1) -.0']);
    await ok(engine, 'select 1'); // the default session's own
    await engine.execute('prepare q (text) as select price, n from ft where id = $1', { session: 'wire' });
    expect(await described("execute q('a')")).toEqual(['price 1700(655366) ft.2', 'n 23(-1) ft.3']);
    expect(await described("execute q('a')", 'wire', true)).toEqual([
      'price 1700(655366) ft.2',
      'n 23(-1) ft.3',
    ]);
    // In a block: a cursor over the foreign table keeps its query's fields for FETCH.
    await engine.execute('begin; declare c cursor for select id, n + 1 as m from ft order by id', {
      session: 'wire',
      columnOrigins: true,
    });
    try {
      expect(await described('fetch 1 from c')).toEqual(['id 1043(24) ft.1', 'm 23(-1) -.0']);
      expect(await described('select label from host_t')).toEqual(['label 1043(14) host_t.2']);
    } finally {
      await engine.execute('commit', { session: 'wire' });
    }
  });

  it('leaves the columns as name and type without the option', async () => {
    const r = await engine.execute('select * from ft; select * from host_t', { session: 'http' });
    expect(r.statements.map((s) => s.columns)).toEqual([
      [
        { name: 'id', type: 'character varying' },
        { name: 'price', type: 'numeric' },
        { name: 'n', type: 'integer' },
      ],
      [
        { name: 'k', type: 'integer' },
        { name: 'label', type: 'character varying' },
      ],
    ]);
    expect(r.statements.flatMap((s) => s.columns.map((c) => Object.keys(c).join(',')))).toEqual(
      Array(5).fill('name,type'),
    );
  });
});

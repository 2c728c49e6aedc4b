import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psql } from './pg-fixture';
import { jdbcUrl, referencePair, sideConnection } from './reference-pair';
import {
  bind,
  dataRowValues,
  describe as describeMessage,
  execute,
  parse,
  query,
  RawClient,
  rowDescriptionFields,
  sync,
  type RawMessage,
} from './raw-client';

/**
 * RowDescription's fields against PostgreSQL 15's: each column's table oid and attnum (a plain
 * reference to a table's column: the relation's, through subqueries, CTEs and joins; a view's own),
 * and its type modifier (numeric(10,2) → 655366, varchar(20) → 24) — which DBeaver links result
 * columns to their table by and pgjdbc's ResultSetMetaData (getTableName, getPrecision, getScale,
 * isAutoIncrement) reads. Ours reads a foreign table over the demo's products, theirs a table with
 * its columns; both have the same host table and the same view over it. Each statement is sent as a
 * Query, and as Parse/Describe (statement)/Bind/Describe (portal)/Execute; the oids are shown as the
 * names each server gives them.
 */
const pair = referencePair(0);
const PGJDBC = '/usr/share/java/postgresql.jar';
const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));
const run = promisify(execFile);

type Side = 'ours' | 'theirs';

const COLUMNS =
  'sku varchar(20) not null, category text, name varchar(40), price numeric(10,2), stock integer';

function setup(side: Side): string {
  const products =
    side === 'ours'
      ? `create foreign table public.rd_products (${COLUMNS}) server demo options (table 'products', rowid_column 'sku')`
      : `create table public.rd_products (${COLUMNS})`;
  return `${products};
    create table public.rd_host (id serial primary key, label varchar(20), amount numeric(8,3));
    insert into public.rd_host (label, amount) values ('a', 1.5);
    create view public.rd_view as select sku, price, price * 2 as doubled, label
      from public.rd_products join public.rd_host on rd_host.id = rd_products.stock`;
}

const STATEMENTS = [
  'select * from rd_products',
  "select * from rd_products where sku = 'nope'",
  'select sku as s, price * 2 as doubled, price::numeric(12,3) as p3, upper(name) as u, name::varchar(5) as n5, 1 as one from rd_products',
  'select p.sku, h.label, h.id, h.amount from rd_products p join rd_host h on h.id = p.stock',
  'select * from rd_view',
  'select s, n from (select sku as s, name as n from rd_products) q',
  'with c as (select price, stock from rd_products) select price, stock + 1 as next from c',
  'select count(*), max(price) from rd_products',
  'select category, sum(stock) from rd_products group by category',
  'select * from rd_host',
  'select label, amount::numeric(4,1) as a from rd_host',
  "update rd_products set stock = stock where sku = 'nope' returning sku, price, stock * 2 as s2",
  "delete from rd_products where sku = 'nope' returning *",
];

async function connect(side: Side): Promise<RawClient> {
  const { port, user, database, password } = sideConnection(pair, side);
  return (await RawClient.connect(port, { user, database }, password)).client;
}

async function simple(client: RawClient, sql: string): Promise<RawMessage[]> {
  const messages = await client.send([query(sql)]);
  const error = messages.find((m) => m.type === 'E');
  if (error) throw new Error(`${sql}: ${error.body.toString('latin1')}`);
  return messages;
}

/** Each RowDescription field as `name type(typmod)/len from relation.attnum`, relation by this server's name for its oid. */
async function shownFields(client: RawClient, body: Buffer): Promise<string[]> {
  const shown: string[] = [];
  for (const f of rowDescriptionFields(body)) {
    let from = '-';
    if (f.tableOid) {
      const rows = await simple(client, `select ${f.tableOid}::regclass::text`);
      from = dataRowValues(rows.find((m) => m.type === 'D')!.body)[0]!.toString();
    }
    shown.push(`${f.name} ${f.typeOid}(${f.typmod})/${f.typlen} ${from}.${f.attnum}`);
  }
  return shown;
}

/** The statement's RowDescriptions: a Query's, then Describe of its statement and of its portal. */
async function descriptions(client: RawClient, sql: string): Promise<Record<string, string[]>> {
  const asQuery = await simple(client, sql);
  const extended = await client.send([
    parse(sql),
    describeMessage('S'),
    bind([]),
    describeMessage('P'),
    execute(),
    sync(),
  ]);
  const [statement, portal] = extended.filter((m) => m.type === 'T');
  const queryDescription = asQuery.find((m) => m.type === 'T');
  if (!queryDescription || !statement || !portal)
    throw new Error(`${sql}: ${[...asQuery, ...extended].map((m) => m.type).join('')}`);
  return {
    query: await shownFields(client, queryDescription.body),
    statement: await shownFields(client, statement.body),
    portal: await shownFields(client, portal.body),
  };
}

const seen: Record<Side, Record<string, Record<string, string[]>>> = { ours: {}, theirs: {} };

beforeAll(async () => {
  for (const side of ['ours', 'theirs'] as const) {
    const client = await connect(side);
    try {
      await simple(client, setup(side));
      for (const sql of STATEMENTS) seen[side][sql] = await descriptions(client, sql);
      // SQL's PREPARE and EXECUTE (a Query's RowDescription of the EXECUTE).
      await simple(
        client,
        'prepare rd_p (text) as select sku, price, price + 1 as p1 from rd_products where sku = $1',
      );
      const executed = await simple(client, "execute rd_p('nope')");
      seen[side].execute = {
        query: await shownFields(client, executed.find((m) => m.type === 'T')!.body),
      };
    } finally {
      client.close();
    }
  }
});

describe('RowDescription', () => {
  it.each(STATEMENTS)('of %s is PostgreSQL’s', (sql) => {
    expect(seen.ours[sql]).toEqual(seen.theirs[sql]);
  });

  it('of an EXECUTE is PostgreSQL’s', () => {
    expect(seen.ours.execute).toEqual(seen.theirs.execute);
  });

  it('names the foreign table, the view and the host table, with their typmods', () => {
    expect(seen.ours['select * from rd_products']!.query).toEqual([
      'sku 1043(24)/-1 rd_products.1',
      'category 25(-1)/-1 rd_products.2',
      'name 1043(44)/-1 rd_products.3',
      'price 1700(655366)/-1 rd_products.4',
      'stock 23(-1)/4 rd_products.5',
    ]);
    expect(seen.ours['select * from rd_view']!.portal).toEqual([
      'sku 1043(24)/-1 rd_view.1',
      'price 1700(655366)/-1 rd_view.2',
      'doubled 1700(-1)/-1 rd_view.3',
      'label 1043(24)/-1 rd_view.4',
    ]);
    expect(
      seen.ours['select p.sku, h.label, h.id, h.amount from rd_products p join rd_host h on h.id = p.stock']!
        .statement,
    ).toEqual([
      'sku 1043(24)/-1 rd_products.1',
      'label 1043(24)/-1 rd_host.2',
      'id 23(-1)/4 rd_host.1',
      'amount 1700(524295)/-1 rd_host.3',
    ]);
    expect(seen.ours.execute!.query).toEqual([
      'sku 1043(24)/-1 rd_products.1',
      'price 1700(655366)/-1 rd_products.4',
      'p1 1700(-1)/-1 -.0',
    ]);
  });
});

describe('psql', () => {
  it('\\gdesc shows the typmods PostgreSQL’s shows', async () => {
    const out: Partial<Record<Side, string>> = {};
    for (const side of ['ours', 'theirs'] as const) {
      const connection = sideConnection(pair, side);
      const r = await psql({ connection }, ['-A'], {
        input: 'select sku, price, price * 2 as doubled, label from rd_view \\gdesc\n',
      });
      out[side] = `${r.code} ${r.stdout}${r.stderr}`;
    }
    expect(out.ours).toEqual(out.theirs);
    expect(out.ours!.split('\n')).toEqual([
      '0 Column|Type',
      'sku|character varying(20)',
      'price|numeric(10,2)',
      'doubled|numeric',
      'label|character varying(20)',
      '(4 rows)',
      '',
    ]);
  });
});

describe('pgjdbc ResultSetMetaData', () => {
  let classes: string;
  beforeAll(() => {
    classes = mkdtempSync(join(tmpdir(), 'dynascope-jdbc-'));
  });
  afterAll(() => {
    if (classes) rmSync(classes, { recursive: true, force: true });
  });

  it('gives the table, column, precision, scale and auto-increment PostgreSQL’s gives', async () => {
    await run('javac', ['-cp', PGJDBC, '-d', classes, join(CLIENTS, 'JdbcColumnMeta.java')], {
      timeout: 120_000,
    });
    const outputs: Partial<Record<Side, string>> = {};
    for (const side of ['ours', 'theirs'] as const) {
      const connection = sideConnection(pair, side);
      const { user, password } = connection;
      const url = jdbcUrl(connection);
      const queries = [
        'select * from rd_products',
        'select h.*, p.price, p.price * 2 as doubled from rd_host h left join rd_products p on p.stock = h.id',
        'select * from rd_view',
      ];
      const r = await run(
        'java',
        ['-cp', `${classes}:${PGJDBC}`, 'JdbcColumnMeta', url, user, password, ...queries],
        {
          timeout: 120_000,
        },
      );
      outputs[side] = r.stdout.trim();
    }
    expect(outputs.ours).toEqual(outputs.theirs);
    // What DBeaver needs: the columns linked to their table, the key's serial seen, the typmods read.
    expect(outputs.ours!.split('\n')).toContain(
      'prepared 0 sku: table=rd_products column=sku precision=20 scale=0 auto=false type=varchar',
    );
    expect(outputs.ours!.split('\n')).toContain(
      'prepared 0 price: table=rd_products column=price precision=10 scale=2 auto=false type=numeric',
    );
    expect(outputs.ours!.split('\n')).toContain(
      'statement 1 id: table=rd_host column=id precision=10 scale=0 auto=true type=serial',
    );
  });
});

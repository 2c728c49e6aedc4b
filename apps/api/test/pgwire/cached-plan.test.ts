import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTracked, jdbcUrl, referencePair, sideConnection } from './reference-pair';

/**
 * A prepared statement reused after its table's columns changed, against a real PostgreSQL (a table
 * of its own where ours has a foreign table over the demo's `products`): Postgres fails it with 0A000
 * `cached plan must not change result type`, its ErrorResponse's Routine `RevalidateCachedQuery` —
 * which pgjdbc prepares the statement again on — and so do we, for a named statement of the wire's
 * Parse and for SQL's PREPARE, over foreign tables (the engine's check) and host tables (the host's
 * error, its routine passed on). Before, the foreign table's new columns came under the old
 * RowDescription (pgjdbc read the stock under "name"), and the host's error had no Routine.
 */
const pair = referencePair(0);
const PGJDBC = '/usr/share/java/postgresql.jar';
const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));
const run = promisify(execFile);
let product: { sku: string; name: string; stock: number; price: string };
let classes: string;

beforeAll(async () => {
  const r = await pair
    .ours()
    .demo.engine.execute(
      'select sku, name, stock, price::text from products where stock is not null and price is not null order by sku limit 1',
    );
  const [sku, name, stock, price] = r.statements[0]!.rows[0]! as [string, string, number, string];
  product = { sku, name, stock, price };
  classes = mkdtempSync(join(tmpdir(), 'dynascope-jdbc-'));
});
afterAll(() => {
  if (classes) rmSync(classes, { recursive: true, force: true });
});

type Side = 'ours' | 'theirs';

/** `name` as a foreign table over products (ours) or a table holding the same product (theirs): sku, name, stock. */
function createTable(side: Side, name: string): string {
  return side === 'ours'
    ? `create foreign table public.${name} (sku text not null, name text, stock int) server demo options (table 'products', rowid_column 'sku')`
    : `create table public.${name} (sku text not null, name text, stock int);
       insert into public.${name} values (${literal(product.sku)}, ${literal(product.name)}, ${product.stock})`;
}

/** The reviewer's change: name dropped, price added, name added again (theirs filled as ours reads them). */
function alterTable(side: Side, name: string): string {
  const alter = side === 'ours' ? `alter foreign table ${name}` : `alter table ${name}`;
  const filled = (value: string) => (side === 'ours' ? '' : ` default ${value}`);
  return `${alter} drop column name; ${alter} add column price numeric${filled(product.price)}; ${alter} add column name text${filled(literal(product.name))}`;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function connect(side: Side): Promise<pg.Client> {
  const tracked = await connectTracked(side === 'ours' ? pair.ours().connection : pair.theirs().url());
  return tracked.client;
}

/** What a client sees of an error: its SQLSTATE, text and Routine. */
async function errorOf(work: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await work;
    return { error: 'none' };
  } catch (e) {
    const { code, message, routine, severity } = e as pg.DatabaseError;
    return { code, message, routine, severity };
  }
}

describe('a prepared statement whose result row type changed', () => {
  it('fails its Bind/Execute with 0A000 and Routine RevalidateCachedQuery, as PostgreSQL does (node-postgres)', async () => {
    const seen: Record<Side, unknown[]> = { ours: [], theirs: [] };
    for (const side of ['ours', 'theirs'] as const) {
      const client = await connect(side);
      try {
        await client.query(createTable(side, 'cp_named'));
        // One Parse, then Bind/Execute only: node-postgres keeps the statement by its name.
        const query = { name: 'cp_q', text: 'select * from cp_named where sku = $1', values: [product.sku] };
        for (let i = 0; i < 2; i++) {
          const r = await client.query(query);
          seen[side].push(
            r.fields.map((f) => `${f.name}:${f.dataTypeID}`),
            r.rows,
          );
        }
        await client.query(alterTable(side, 'cp_named'));
        seen[side].push(await errorOf(client.query(query)));
        // The connection goes on; a statement prepared anew has the new columns.
        const again = await client.query({ ...query, name: 'cp_q2' });
        seen[side].push(
          again.fields.map((f) => `${f.name}:${f.dataTypeID}`),
          again.rows,
        );
        // A table of the host's (a temp table on both): the host's own error, its Routine passed on.
        await client.query('create temp table cp_host (sku text, name text, stock int)');
        const host = { name: 'cp_hq', text: 'select * from cp_host where sku = $1', values: ['x'] };
        await client.query(host);
        await client.query('alter table cp_host add column price numeric');
        seen[side].push(await errorOf(client.query(host)));
        // SQL's PREPARE and EXECUTE, in a simple Query.
        await client.query('prepare cp_p (text) as select * from cp_named where sku = $1');
        await client.query(`execute cp_p(${literal(product.sku)})`);
        await client.query(`alter ${side === 'ours' ? 'foreign ' : ''}table cp_named drop column price`);
        seen[side].push(await errorOf(client.query(`execute cp_p(${literal(product.sku)})`)));
      } finally {
        await client.query('drop table if exists public.cp_named').catch(() => undefined);
        await client.query('drop foreign table if exists public.cp_named').catch(() => undefined);
        await client.end();
      }
    }
    expect(seen.ours).toEqual(seen.theirs);
    const changed = {
      code: '0A000',
      message: 'cached plan must not change result type',
      routine: 'RevalidateCachedQuery',
      severity: 'ERROR',
    };
    expect(seen.ours).toEqual([
      ['sku:25', 'name:25', 'stock:23'],
      [{ sku: product.sku, name: product.name, stock: product.stock }],
      ['sku:25', 'name:25', 'stock:23'],
      [{ sku: product.sku, name: product.name, stock: product.stock }],
      changed,
      ['sku:25', 'stock:23', 'price:1700', 'name:25'],
      [{ sku: product.sku, stock: product.stock, price: product.price, name: product.name }],
      changed,
      changed,
    ]);
  });

  it('is prepared again by pgjdbc, which then reads the new columns, as against PostgreSQL', async () => {
    await run('javac', ['-cp', PGJDBC, '-d', classes, join(CLIENTS, 'JdbcReprepare.java')], {
      timeout: 120_000,
    });
    const outputs: Record<Side, string[]> = { ours: [], theirs: [] };
    for (const side of ['ours', 'theirs'] as const) {
      const connection = sideConnection(pair, side);
      const { user, password } = connection;
      const url = jdbcUrl(connection);
      const java = (setup: string, table: string, alter: string) =>
        run(
          'java',
          [
            '-cp',
            `${classes}:${PGJDBC}`,
            'JdbcReprepare',
            url,
            user,
            password,
            setup,
            table,
            product.sku,
            alter,
          ],
          { timeout: 120_000 },
        ).then((r) => r.stdout.trim());
      // A foreign table (ours) and a host temp table (both), each changed under the statement.
      outputs[side].push(await java(createTable(side, 'cp_jdbc'), 'cp_jdbc', alterTable(side, 'cp_jdbc')));
      const temp = `create temp table cp_jtemp (sku text, name text, stock int); insert into cp_jtemp values (${literal(product.sku)}, 'n', 5)`;
      outputs[side].push(
        await java(
          temp,
          'cp_jtemp',
          'alter table cp_jtemp drop column name; alter table cp_jtemp add column price numeric default 1.5; alter table cp_jtemp add column name text',
        ),
      );
    }
    expect(outputs.ours).toEqual(outputs.theirs);
    const row = `sku:text=${product.sku} name:text=${product.name} stock:int4=${product.stock}`;
    const after = `sku:text=${product.sku} stock:int4=${product.stock} price:numeric=${product.price} name:text=${product.name}`;
    expect(outputs.ours[0]!.split('\n')).toEqual([
      `before 0: ${row}`,
      `before 1: ${row}`,
      `before 2: ${row}`,
      `after 0: ${after}`,
      `after 1: ${after}`,
    ]);
    expect(outputs.ours[1]!.split('\n').slice(3)).toEqual([
      `after 0: sku:text=${product.sku} stock:int4=5 price:numeric=1.5 name:text=null`,
      `after 1: sku:text=${product.sku} stock:int4=5 price:numeric=1.5 name:text=null`,
    ]);
  });
});

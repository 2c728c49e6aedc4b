import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import { clientOf, createDocServer, createTable, ok, openTestEngine, uniqueName } from '../support/harness';

/**
 * Transactions checked against Postgres itself (issue 13, "Transactions"): each sequence of
 * statements runs, one statement at a time, over a foreign table on DynamoDB Local (dynalite has no
 * TransactWriteItems) and over a host table holding the same rows; every statement's SQLSTATE,
 * command tag, row count and rows, and the table's contents afterwards, must be the same. `{t}`
 * is the table. The host's errors must be the ones a case names, so no case passes by failing on
 * both sides alike; what DynamoDB holds afterwards is read with the SDK as well.
 *
 * Left out on purpose: an INSERT of a key that exists, which replaces the item (the wrapper's
 * documented PutItem, spec "INSERT") where a host table with a primary key says 23505 — in a block
 * as outside one; TRUNCATE (0A000, spec) and LOCK TABLE (42809, Postgres's own answer for a foreign
 * table), which a foreign table refuses in a block as outside one.
 */
interface Case {
  readonly name: string;
  readonly statements: readonly string[];
  /** The statements (by index) the host fails, with its SQLSTATE; every other one succeeds. */
  readonly errors?: Readonly<Record<number, string>>;
  /** Where the foreign table's refusal is another SQLSTATE on purpose (everything else still equal). */
  readonly foreignErrors?: Readonly<Record<number, string>>;
}

const CASES: readonly Case[] = [
  {
    name: 'reads see the block’s own writes; ROLLBACK discards them',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z')",
      'select id, n, tag from {t} order by id',
      "update {t} set n = n + 10 where id = 'a'",
      "select n from {t} where id = 'a'",
      "delete from {t} where id = 'b'",
      'select count(*), sum(n) from {t}',
      "select id from {t} where tag = 'z'",
      'rollback',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'COMMIT applies an insert, an update and a delete',
    statements: [
      'start transaction',
      "insert into {t} values ('c', 3, 'z'), ('d', 4, null)",
      "update {t} set tag = 'w' where n >= 2",
      "delete from {t} where id = 'a'",
      'select id, n, tag from {t} order by id',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'a failed statement aborts the block: 25P02 until COMMIT, which rolls back',
    statements: [
      'begin',
      "update {t} set n = 5 where id = 'a'",
      'select 1 / 0',
      'select * from {t}',
      "insert into {t} values ('e', 5, 'v')",
      'savepoint s1',
      'commit',
      "select n from {t} where id = 'a'",
    ],
    errors: { 2: '22012', 3: '25P02', 4: '25P02', 5: '25P02' },
  },
  {
    name: 'an error in a write aborts the block too',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z')",
      "update {t} set n = n / 0 where id = 'b'",
      "select id from {t} where id = 'c'",
      'end',
      'select id from {t} order by id',
    ],
    errors: { 2: '22012', 3: '25P02' },
  },
  {
    name: 'ROLLBACK TO SAVEPOINT discards the writes since the savepoint; RELEASE keeps them',
    statements: [
      'begin',
      "insert into {t} values ('h', 8, 'p')",
      'savepoint s1',
      "insert into {t} values ('i', 9, 'q')",
      "update {t} set n = 0 where id = 'a'",
      'select id, n from {t} order by id',
      'rollback to savepoint s1',
      'select id, n from {t} order by id',
      'savepoint s2',
      "delete from {t} where id = 'b'",
      'release savepoint s2',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'ROLLBACK TO SAVEPOINT after a failed statement makes the block usable again',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z')",
      'savepoint s1',
      "update {t} set n = 7 where id = 'a'",
      'select 1 / 0',
      "select n from {t} where id = 'a'",
      'rollback to s1',
      "select id, n from {t} where id in ('a', 'c') order by id",
      'commit',
      'select id, n, tag from {t} order by id',
    ],
    errors: { 4: '22012', 5: '25P02' },
  },
  {
    name: 'RETURNING in a block shows the held rows',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z') returning id, n",
      'update {t} set n = n * 2 where n >= 2 returning id, n, tag',
      "delete from {t} where tag = 'x' returning *",
      'select id, n, tag from {t} order by id',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'a key deleted and inserted again in one block',
    statements: [
      'begin',
      "delete from {t} where id = 'a'",
      "select count(*) from {t} where id = 'a'",
      "insert into {t} values ('a', 100, 'new')",
      "select id, n, tag from {t} where id = 'a'",
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'an update of a row inserted in the block, and a delete of it',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z'), ('d', 4, 'z')",
      "update {t} set tag = 'q' where id = 'c'",
      "delete from {t} where id = 'd'",
      "select id, n, tag from {t} where tag in ('q', 'z') order by id",
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'INSERT ... ON CONFLICT DO NOTHING in a block',
    statements: [
      'begin',
      "insert into {t} values ('a', 50, 'dup'), ('c', 3, 'z') on conflict do nothing",
      'select id, n, tag from {t} order by id',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'COMMIT and ROLLBACK outside a block, BEGIN inside one',
    statements: [
      'commit',
      'rollback',
      'begin',
      'begin',
      "update {t} set n = 20 where id = 'b'",
      'commit',
      'select id, n from {t} order by id',
    ],
  },
  {
    name: 'a NULL key is 23502',
    statements: ['begin', "insert into {t} values (null, 9, 'n')", 'rollback', 'select count(*) from {t}'],
    errors: { 1: '23502' },
  },
  {
    name: 'nested savepoints: ROLLBACK TO the outer one discards both',
    statements: [
      'begin',
      'savepoint outer_sp',
      "insert into {t} values ('c', 3, 'z')",
      'savepoint inner_sp',
      "insert into {t} values ('d', 4, 'z')",
      'rollback to savepoint outer_sp',
      'select id from {t} order by id',
      "insert into {t} values ('e', 5, 'z')",
      'rollback to savepoint inner_sp',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
    errors: { 8: '3B001' },
  },
  {
    name: 'a read-only block refuses a write with 25006',
    statements: [
      'begin read only',
      "insert into {t} values ('c', 3, 'z')",
      'commit',
      'select count(*) from {t}',
    ],
    errors: { 1: '25006' },
  },
  {
    name: 'COMMIT AND CHAIN keeps a block open with the writes applied',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z')",
      'commit and chain',
      "delete from {t} where id = 'c'",
      'rollback',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'SELECT ... FOR UPDATE in a block, then an update of what it read',
    statements: [
      'begin',
      "select id, n from {t} where id = 'a' for update",
      "update {t} set n = n + 1 where id = 'a'",
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'NULLs written in a block, and an INSERT ... SELECT from the table itself',
    statements: [
      'begin',
      "update {t} set tag = null where id = 'a'",
      'select id from {t} where tag is null',
      "insert into {t} select id || '2', n + 10, tag from {t}",
      'select id, n, tag from {t} order by id',
      'select count(*), count(tag), max(n) from {t}',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'the same row updated twice, then read through a join, a subquery and a data-modifying WITH',
    statements: [
      'begin',
      "update {t} set n = n + 1 where id = 'a'",
      "update {t} set n = n * 10, tag = tag || '!' where id = 'a'",
      'select x.id, x.n, y.id from {t} x join {t} y on y.n < x.n order by 1, 3',
      'select id from {t} where n = (select max(n) from {t})',
      "with moved as (delete from {t} where id = 'b' returning id, n) insert into {t} select id || '-moved', n from moved returning id, n",
      'select id, n, tag from {t} order by id',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
  },
  {
    name: 'an UPDATE and a DELETE of no row, and a rollback to a savepoint released too early',
    statements: [
      'begin',
      "update {t} set n = 0 where id = 'none'",
      'delete from {t} where n > 100 returning id',
      'savepoint s',
      'release savepoint s',
      'rollback to savepoint s',
      'rollback',
      'select id, n, tag from {t} order by id',
    ],
    errors: { 5: '3B001' },
  },
  {
    // Prepared transactions are off on both hosts (55000); held DynamoDB writes cannot be prepared at all (0A000).
    name: 'a PREPARE TRANSACTION that fails is a ROLLBACK: the block ends, its writes discarded',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z')",
      "prepare transaction 'dynascope_txn'",
      'select id from {t} order by id',
      'commit',
      'select id, n, tag from {t} order by id',
    ],
    errors: { 2: '55000' },
    foreignErrors: { 2: '0A000' },
  },
  {
    name: 'SET LOCAL and SET TRANSACTION in a block',
    statements: [
      'begin',
      'set transaction isolation level repeatable read',
      "set local datestyle = 'German'",
      "insert into {t} values ('c', 3, 'z')",
      "select id, current_setting('DateStyle') from {t} where id = 'c'",
      'commit',
      "select id, current_setting('DateStyle') from {t} where id = 'c'",
    ],
  },
  {
    name: 'a cursor in a block reads the pending writes',
    statements: [
      'begin',
      "insert into {t} values ('c', 3, 'z')",
      'declare cur cursor for select id, n from {t} order by id',
      'fetch 2 from cur',
      'fetch next from cur',
      'close cur',
      'commit',
    ],
  },
];

/** Rows in Postgres's order when the statement gives one, else as a multiset (sorted here). */
function comparable(sql: string, rows: unknown[][]): unknown[][] {
  if (/\border by\b/i.test(sql)) return rows;
  return [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

interface Outcome {
  readonly sqlstate?: string;
  readonly command?: string;
  readonly rowCount?: number | null;
  readonly rows?: unknown[][];
}

describe('transactions over a foreign table do what Postgres does over a host table (DynamoDB Local)', () => {
  let engine: Engine;
  const dynamoTable = uniqueName('txn_diff');

  beforeAll(async () => {
    await createTable(clientOf('dynamodb-local'), dynamoTable, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, 'dynamodb-local');
    await ok(
      engine,
      `create foreign table ft (id text not null, n integer, tag text)
         server dynamodb_server options (table '${dynamoTable}', rowid_column 'id');
       create table ht (id text primary key, n integer, tag text)`,
    );
  });
  afterAll(() => engine?.close());

  /** The DynamoDB table's items as [id, n, tag] rows by id, read with a consistent Scan. */
  async function itemsInDynamo(): Promise<unknown[][]> {
    const scan = await clientOf('dynamodb-local').send(
      new ScanCommand({ TableName: dynamoTable, ConsistentRead: true }),
    );
    return (scan.Items ?? [])
      .map((i) => [i.id!.S!, i.n ? Number(i.n.N) : null, i.tag?.S ?? null])
      .sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
  }

  async function runCase(c: Case, table: 'ft' | 'ht'): Promise<{ outcomes: Outcome[]; after: unknown[][] }> {
    await ok(engine, `delete from ${table}; insert into ${table} values ('a', 1, 'x'), ('b', 2, 'y')`);
    const outcomes: Outcome[] = [];
    for (const text of c.statements) {
      const sql = text.replaceAll('{t}', table);
      const r = await engine.execute(sql, { pageSize: 1000 });
      if (r.error) outcomes.push({ sqlstate: r.error.sqlstate });
      else {
        const s = r.statements[0]!;
        const rows = JSON.parse(toJson(s.rows)) as unknown[][];
        outcomes.push({ command: s.command, rowCount: s.rowCount, rows: comparable(sql, rows) });
      }
    }
    // Whatever the case left, the session ends outside a block.
    await engine.execute('rollback');
    const after = JSON.parse(
      toJson((await ok(engine, `select id, n, tag from ${table} order by id`))[0]!.rows),
    ) as unknown[][];
    return { outcomes, after };
  }

  for (const c of CASES) {
    it(c.name, async () => {
      const host = await runCase(c, 'ht');
      const hostErrors = Object.fromEntries(
        host.outcomes.flatMap((o, i) => (o.sqlstate ? [[i, o.sqlstate]] : [])),
      );
      expect(hostErrors, 'the host table fails where the case says').toEqual(c.errors ?? {});
      const foreign = await runCase(c, 'ft');
      for (const [i, text] of c.statements.entries()) {
        const refused = c.foreignErrors?.[i];
        expect(foreign.outcomes[i], `statement ${i}: ${text}`).toEqual(
          refused ? { sqlstate: refused } : host.outcomes[i],
        );
      }
      expect(foreign.after, 'the table afterwards').toEqual(host.after);
      expect(await itemsInDynamo(), 'the items in DynamoDB').toEqual(host.after);
    });
  }
});

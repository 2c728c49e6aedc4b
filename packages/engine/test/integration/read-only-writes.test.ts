import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  rows,
  uniqueName,
} from '../support/harness';

/**
 * A write to a foreign table in a read-only transaction is refused as Postgres refuses it (25006,
 * named by its command: txn/read-only-refusal.ts), before the engine makes anything for it. Before,
 * the host refused the engine's own temp table: `begin read only; update ft set ...` said `cannot
 * execute CREATE TABLE in a read-only transaction`. Nothing is read from DynamoDB for these, so one
 * emulator (dynalite) serves; PGlite and PostgreSQL 15 hosts.
 */
describe('writes in a read-only transaction', () => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('read_only');

  const items = async () =>
    ((await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [])
      .map((i) => `${i.id!.S}=${i.v?.N}`)
      .sort();
  const refused = async (sql: string, command: string, session = 'ro') => {
    const r = await engine.execute(sql, { session });
    expect({ sql, error: r.error && { sqlstate: r.error.sqlstate, message: r.error.message } }).toEqual({
      sql,
      error: { sqlstate: '25006', message: `cannot execute ${command} in a read-only transaction` },
    });
    await engine.execute('rollback', { session });
  };

  beforeAll(async () => {
    client = clientOf('dynalite');
    await createTable(client, table, { name: 'id', type: 'S' });
    engine = await openTestEngine();
    await createDocServer(engine, 'dynalite');
    await ok(
      engine,
      `create foreign table public.ft (id text not null, v integer) server dynamodb_server options (table '${table}', rowid_column 'id');
       create view public.ftv as select * from public.ft;
       create table public.host_t (v integer);
       insert into public.ft values ('a', 1)`,
    );
  });
  afterAll(() => engine?.close());

  it('BEGIN READ ONLY / SET TRANSACTION READ ONLY: INSERT, UPDATE, DELETE name themselves', async () => {
    for (const [sql, command] of [
      ["begin read only; update public.ft set v = 2 where id = 'a'", 'UPDATE'],
      ['begin read only; update public.ft set v = v + 1', 'UPDATE'],
      ["begin read only; insert into public.ft values ('b', 1)", 'INSERT'],
      ["begin read only; insert into public.ft select 'c', 1", 'INSERT'],
      ["begin read only; insert into public.ft values ('a', 5) on conflict (id) do nothing", 'INSERT'],
      ['begin read only; delete from public.ft', 'DELETE'],
      ["begin; set transaction read only; delete from public.ft where id = 'a'", 'DELETE'],
      [
        "start transaction isolation level repeatable read, read only; insert into public.ftv values ('d', 1)",
        'INSERT',
      ],
    ] as const)
      await refused(sql, command);
    expect(await items()).toEqual(['a=1']);
    // Postgres's own order: an unknown relation first; a host table the host's own refusal; a temp table may be written.
    const unknown = await engine.execute('begin read only; update public.nosuch set v = 1', {
      session: 'ro',
    });
    expect(unknown.error).toMatchObject({ sqlstate: '42P01' });
    await engine.execute('rollback', { session: 'ro' });
    await refused('begin read only; insert into public.host_t values (1)', 'INSERT');
  });

  it('default_transaction_read_only: each statement, a prepared one and a COPY FROM of either format', async () => {
    const session = 'ro-default';
    const set = await engine.execute(
      "prepare bump2 as update public.ft set v = v + 1 where id = 'a'; set default_transaction_read_only = on",
      { session },
    );
    expect(set.error).toBeUndefined();
    for (const [sql, command] of [
      ["insert into public.ft values ('e', 1)", 'INSERT'],
      ["update public.ft set v = 3 where id = 'a'", 'UPDATE'],
      ["delete from public.ft where id = 'a'", 'DELETE'],
      ['execute bump2', 'UPDATE'],
    ] as const)
      await refused(sql, command, session);
    for (const [sql, data] of [
      ['copy public.ft from stdin', 'f\t1\n'],
      ['copy public.ft (id, v) from stdin (format csv)', 'g,1\n'],
      ['copy public.ft from stdin (format dynamodb_json)', '{"Item": {"id": {"S": "h"}, "v": {"N": "1"}}}\n'],
    ] as const)
      await expect(engine.copyFrom(sql, Buffer.from(data), { session }), sql).rejects.toMatchObject({
        sqlstate: '25006',
        message: 'cannot execute COPY FROM in a read-only transaction',
      });
    expect(await items()).toEqual(['a=1']);
    // Reads go on; once read-write again, so do writes.
    expect(
      (await engine.execute("select v from public.ft where id = 'a'", { session })).statements[0]!.rows,
    ).toEqual([[1]]);
    const reset = await engine.execute(
      "reset default_transaction_read_only; execute bump2; insert into public.ft values ('b', 2)",
      { session },
    );
    expect(reset.error).toBeUndefined();
    expect(await items()).toEqual(['a=2', 'b=2']);
    expect(await rows(engine, "select v from public.ft where id = 'a'")).toEqual([[2]]);
  });
});

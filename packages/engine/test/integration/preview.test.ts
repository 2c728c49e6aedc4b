import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { WritePreviewResult } from '../../src/types';
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

/**
 * Write previews (issue 13, part 5): each write statement of a script runs as it would, its writes
 * recorded instead of sent — what DynamoDB holds is checked directly afterwards.
 */
describe.each(BACKENDS)('write preview on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('preview');

  const n = async (id: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }),
      )
    ).Item?.n?.N;
  /** The preview as the wire has it (JSON values). */
  const preview = async (sql: string, session?: string) =>
    JSON.parse(toJson(await engine.preview(sql, { ...(session && { session }) }))) as WritePreviewResult;
  const byId = (sample: WritePreviewResult['statements'][number]['sample']) =>
    [...sample].sort((a, b) =>
      String((a.before ?? a.after)!.id).localeCompare(String((b.before ?? b.after)!.id)),
    );

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' }, undefined, [
      { name: 'by_tag', pk: { name: 'tag', type: 'S' } },
    ]);
    await putItems(client, table, [
      { id: { S: 'a' }, n: { N: '1' }, tag: { S: 'x' } },
      { id: { S: 'b' }, n: { N: '2' }, tag: { S: 'y' } },
      { id: { S: 'c' }, n: { N: '3' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table t (id text not null, n integer, tag text)
         server dynamodb_server options (table '${table}', rowid_column 'id');
       create table loc (x int)`,
    );
  });
  afterAll(() => engine?.close());

  it('an UPDATE: exact rows, before → after (whole items, read for the same RCU), WCU with the index, nothing written', async () => {
    const p = await preview('update t set n = n + 1 where n >= 2');
    expect(p.error).toBeUndefined();
    expect(p.confirmWritesOver).toBe(1);
    const [s] = p.statements;
    expect(s).toMatchObject({
      command: 'UPDATE',
      rowCount: 2,
      atomic: false,
      hasWhere: true,
      needsConfirmation: true,
    });
    expect(byId(s!.sample)).toEqual([
      { before: { id: 'b', n: 2, tag: 'y' }, after: { id: 'b', n: 3, tag: 'y' } },
      { before: { id: 'c', n: 3, tag: null }, after: { id: 'c', n: 4, tag: null } },
    ]);
    // b: the table and its by_tag entry (which projects n); c has no tag, so no entry.
    expect(s!.estimatedWcu).toBe(3);
    expect(s!.plan.scans[0]!.consumedRcu).toBeGreaterThan(0);
    // The scan's read and, on the first statement over the table, the sample for its estimate
    // (dynalite's DescribeTable gives no size: sampling-rcu.test.ts).
    const scan = s!.plan.scans[0]!;
    expect(s!.consumedRcu).toBe(scan.consumedRcu! + (scan.samplingRcu ?? 0));
    expect(s!.plan.write).toMatchObject({
      operation: 'UpdateItem',
      itemsWritten: 0,
      requests: 0,
      consumedWcu: 0,
    });
    expect([await n('a'), await n('b'), await n('c')]).toEqual(['1', '2', '3']);
  });

  it('an INSERT over an existing key shows the item it would replace', async () => {
    const p = await preview(`insert into t values ('a', 9, 'x'), ('z', 1, null)`);
    const [s] = p.statements;
    expect(s).toMatchObject({ command: 'INSERT', rowCount: 2 });
    expect(byId(s!.sample)).toEqual([
      { before: { id: 'a', n: 1, tag: 'x' }, after: { id: 'a', n: 9, tag: 'x' } },
      { before: null, after: { id: 'z', n: 1, tag: null } },
    ]);
    // a: the table and its rewritten by_tag entry; z: the table only. The lookup's RCU is counted.
    expect(s!.estimatedWcu).toBe(3);
    expect(s!.consumedRcu).toBeGreaterThan(0);
    expect(await n('a')).toBe('1');
    expect(await n('z')).toBeUndefined();
  });

  it('a DELETE without WHERE and an INSERT; a changed index key costs two index writes', async () => {
    const p = await preview(
      `delete from t; insert into t values ('d', 4, 'z'); update t set tag = 'q' where id = 'a'`,
    );
    expect(
      p.statements.map((s) => [
        s.statementIndex,
        s.command,
        s.rowCount,
        s.hasWhere,
        s.needsConfirmation,
        s.estimatedWcu,
      ]),
    ).toEqual([
      [0, 'DELETE', 3, false, true, 5],
      [1, 'INSERT', 1, false, false, 2],
      [2, 'UPDATE', 1, true, false, 3],
    ]);
    expect(p.statements[1]!.sample).toEqual([{ before: null, after: { id: 'd', n: 4, tag: 'z' } }]);
    expect(p.statements[2]!.sample).toEqual([
      { before: { id: 'a', n: 1, tag: 'x' }, after: { id: 'a', n: 1, tag: 'q' } },
    ]);
    expect(await n('d')).toBeUndefined();
    expect(await rows(engine, 'select id, tag from t order by id')).toEqual([
      ['a', 'x'],
      ['b', 'y'],
      ['c', null],
    ]);
  });

  it('lists only writes to foreign tables, rolls back the others, and reads the session’s confirm_writes_over', async () => {
    await ok(engine, 'set dynascope.confirm_writes_over = 5');
    const p = await preview(`select 1; insert into loc values (1); update t set n = n * 10 where n < 3`);
    expect(p.confirmWritesOver).toBe(5);
    expect(p.statements).toHaveLength(1);
    expect(p.statements[0]).toMatchObject({
      // Its index in the script: every statement counts, the SELECT and the local INSERT too.
      statementIndex: 2,
      sql: 'update t set n = n * 10 where n < 3',
      rowCount: 2,
      needsConfirmation: false,
    });
    expect(await rows(engine, 'select count(*) from loc')).toEqual([['0']]);
    await ok(engine, 'reset dynascope.confirm_writes_over');
  });

  it('inside a transaction block: sees the block’s held writes, says atomic, doubles the WCU', async () => {
    await ok(engine, `begin; insert into t values ('e', 5)`);
    const p = await preview(
      `update t set n = 50 where id = 'e'; insert into t values ('e', 6) on conflict do nothing; insert into t values ('a', 6) on conflict do nothing`,
    );
    expect(p.statements.map((s) => [s.rowCount, s.atomic, s.estimatedWcu])).toEqual([
      [1, true, 2],
      [0, true, 0],
      [0, true, 0],
    ]);
    expect(p.statements[0]!.sample).toEqual([
      { before: { id: 'e', n: 5, tag: null }, after: { id: 'e', n: 50, tag: null } },
    ]);
    // The block is as it was: its held insert is still there, unchanged.
    expect(await rows(engine, `select n from t where id = 'e'`)).toEqual([[5]]);
    await ok(engine, 'rollback');
    expect(await n('e')).toBeUndefined();
  });

  it('a failing statement is the error (with its position in the script); those before it are kept', async () => {
    const sql = `update t set n = 7 where id = 'a'; update t set n = 'x' where id = 'b'`;
    const p = await preview(sql);
    expect(p.statements).toHaveLength(1);
    expect(p.error).toMatchObject({ sqlstate: '22P02', statementIndex: 1 });
    expect(p.error!.position).toBe(sql.indexOf("'x'") + 1);
    expect(await n('a')).toBe('1');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { StatementResult } from '../../src/types';
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
 * A script's statement answers its rows as they were when it ran, on every page, though a later
 * statement of the script writes to the table — as Postgres, which finishes each statement before
 * the next. Its cursor read the rest lazily: `select id from t; delete from t where ...` paged in
 * the DELETE's effect (the deleted items missing, the count short). The items are 10 KB each, so
 * that a Scan takes several DynamoDB pages.
 */
describe.each(BACKENDS)("a script's earlier rows before a later write on %s", (backend) => {
  let engine: Engine;
  let small: Engine;
  let client: DynamoDBClient;
  const table = uniqueName('rbw');
  const pad = 'x'.repeat(10_000);
  const ids = Array.from({ length: 300 }, (_, i) => `i${String(i).padStart(3, '0')}`);
  const create = `create foreign table public.rbw (id text, n bigint) server dynamodb_server options (table '${table}', rowid_column 'id')`;

  beforeAll(async () => {
    client = clientOf(backend);
    [engine, small] = await Promise.all([
      openTestEngine(),
      openTestEngine({ keptRows: { rows: 50, bytes: 1e9 } }),
    ]);
    for (const e of [engine, small]) await createDocServer(e, backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      ids.map((id, n) => ({ id: { S: id }, n: { N: String(n) }, pad: { S: pad } })),
    );
    for (const e of [engine, small]) await ok(e, create);
  });

  afterAll(async () => {
    await Promise.all([engine?.close(), small?.close()]);
  });

  /** Every row of a statement: its first page, then its cursor's. */
  async function allRows(e: Engine, statement: StatementResult): Promise<unknown[][]> {
    const out = [...statement.rows];
    for (let cursor = statement.cursor; cursor;) {
      const page = await e.next(cursor, { pageSize: 7 });
      out.push(...page.rows);
      cursor = page.cursor;
    }
    return JSON.parse(toJson(out)) as unknown[][];
  }

  it('answers every page as the rows were before the DELETE after it ran', async () => {
    const before = await rows(engine, 'select id, n from public.rbw');
    expect(before).toHaveLength(300);
    // The items the Scan reaches last: read after the first page, had the DELETE not waited.
    const last = before.slice(-40).map((r) => r[0] as string);
    const r = await engine.execute(
      `select id, n from public.rbw; delete from public.rbw where id in (${last.map((id) => `'${id}'`).join(', ')})`,
      { pageSize: 5 },
    );
    expect(r.error).toBeUndefined();
    expect(r.statements.map((s) => [s.command, s.rowCount])).toEqual([
      ['SELECT', 5],
      ['DELETE', 40],
    ]);
    expect(await allRows(engine, r.statements[0]!)).toEqual(before);
    expect(await rows(engine, 'select count(*) from public.rbw')).toEqual([['260']]);
  });

  it('refuses the write (54000, nothing written) past the rows it keeps, and the earlier rows still page whole', async () => {
    const before = await rows(small, 'select id, n from public.rbw');
    const victim = before.at(-1)![0] as string;
    const r = await small.execute(
      `select id, n from public.rbw; delete from public.rbw where id = '${victim}'`,
      {
        pageSize: 5,
      },
    );
    expect(r.error).toMatchObject({
      sqlstate: '54000',
      statementIndex: 1,
      message:
        'statement 1 has more rows not yet read than a script keeps (50 rows, 954 MiB), which statement 2 may change',
    });
    expect(await allRows(small, r.statements[0]!)).toEqual(before);
    expect(await rows(small, `select count(*) from public.rbw where id = '${victim}'`)).toEqual([['1']]);
  });
});

import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  uniqueName,
} from '../support/harness';

async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const r = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return r.Items ?? [];
}

const refusal = (engine: Engine, sql: string, input: string) =>
  engine.copyFrom(sql, new TextEncoder().encode(input)).then(
    () => null,
    (e: unknown) => e,
  );

/**
 * COPY FROM with one key on two input lines: DynamoDB would keep one item (the last put wins) while
 * the COPY counted both rows. As an INSERT of one key twice, it is refused (23505, as Postgres's COPY
 * into a table with that key) before the first
 * write, naming the second line as Postgres's CONTEXT names a line, and the first in the detail.
 */
describe.each(BACKENDS)('COPY FROM with a key twice on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  const single = uniqueName('dupsingle');
  const pair = uniqueName('duppair');

  beforeAll(async () => {
    client = clientOf(backend);
    await createTable(client, single, { name: 'id', type: 'S' });
    await createTable(client, pair, { name: 'dev', type: 'N' }, { name: 'seq', type: 'N' });
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table dsingle (id text not null, n integer) server dynamodb_server options (table '${single}', rowid_column 'id');
       create foreign table dpair (dev numeric not null, seq integer not null, v text) server dynamodb_server options (table '${pair}', rowid_column 'dev');`,
    );
  });
  afterAll(async () => {
    await engine?.close();
  });

  it.each(['text', 'csv'])(
    'FORMAT %s: the same key on lines 2 and 4 is 23505, nothing written',
    async (format) => {
      const sep = format === 'csv' ? ',' : '\t';
      const input = ['a', 'b', 'c', 'b', 'd'].map((id, i) => `${id}${sep}${i}`).join('\n') + '\n';
      const err = await refusal(engine, `copy dsingle from stdin (format ${format})`, input);
      expect(err).toBeInstanceOf(EngineError);
      expect(err).toMatchObject({
        sqlstate: '23505',
        message: 'duplicate key value violates the key of "dsingle"',
        detail:
          'Lines 2 and 4 have the same key {"id":{"S":"b"}}: DynamoDB keeps one item per key, so the second would replace the first.',
        context: 'COPY dsingle, line 4',
      });
      expect(await scanAll(client, single)).toEqual([]);
    },
  );

  it('a header line counts: the lines are the input lines', async () => {
    const err = await refusal(
      engine,
      `copy dsingle from stdin (format csv, header)`,
      'id,n\nx,1\ny,2\nx,3\n',
    );
    expect(err).toMatchObject({ sqlstate: '23505', context: 'COPY dsingle, line 4' });
    expect((err as EngineError).detail).toMatch(/^Lines 2 and 4 /);
    expect(await scanAll(client, single)).toEqual([]);
  });

  it('a key of partition and sort key is the pair; numbers equal as DynamoDB compares them (1.0 = 1)', async () => {
    // 1,1 / 1,2 / 2,1 differ; 1.0,2 is 1,2 again.
    const err = await refusal(
      engine,
      `copy dpair (dev, seq, v) from stdin (format csv)`,
      '1,1,a\n1,2,b\n2,1,c\n1.0,2,d\n',
    );
    expect(err).toMatchObject({
      sqlstate: '23505',
      message: 'duplicate key value violates the key of "dpair"',
      context: 'COPY dpair, line 4',
    });
    expect((err as EngineError).detail).toMatch(
      /^Lines 2 and 4 have the same key \{"dev":\{"N":"1"\},"seq":\{"N":"2"\}\}: /,
    );
    expect(await scanAll(client, pair)).toEqual([]);
  });

  it('the earliest repeated line is named when several keys repeat, in a preview too', async () => {
    // Second lines 801 and 4322: the earlier in input order (not as text: '4322' < '801').
    const lines = Array.from({ length: 5000 }, (_, i) => `k${i === 4321 ? 17 : i === 800 ? 3 : i}\t${i}`);
    const input = lines.join('\n') + '\n';
    const err = await refusal(engine, `copy dsingle from stdin`, input);
    expect(err).toMatchObject({ sqlstate: '23505', context: 'COPY dsingle, line 801' });
    expect((err as EngineError).detail).toMatch(/^Lines 4 and 801 /);
    const preview = await engine.copyPreview('copy dsingle from stdin', new TextEncoder().encode(input)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(preview).toMatchObject({ sqlstate: '23505', context: 'COPY dsingle, line 801' });
    expect(await scanAll(client, single)).toEqual([]);
  }, 60_000);

  it('distinct keys are all written and counted', async () => {
    const done = await engine.copyFrom(
      `copy dpair (dev, seq, v) from stdin (format csv)`,
      new TextEncoder().encode('1,1,a\n1,2,b\n2,1,c\n'),
    );
    expect(done.rowCount).toBe(3);
    expect(await scanAll(client, pair)).toHaveLength(3);
    await ok(engine, 'delete from dpair');
  });

  it('FORMAT dynamodb_json: the same key twice (1 and 1.00 as N) is 23505, nothing written', async () => {
    const input = [
      '{"Item":{"dev":{"N":"1"},"seq":{"N":"1"},"v":{"S":"a"}}}',
      '{"dev":{"N":"2"},"seq":{"N":"1"}}',
      '{"Item":{"dev":{"N":"1.00"},"seq":{"N":"1"},"v":{"S":"b"}}}',
    ].join('\n');
    const err = await refusal(engine, `copy dpair from stdin (format dynamodb_json)`, input + '\n');
    expect(err).toMatchObject({
      sqlstate: '23505',
      message: 'duplicate key value violates the key of "dpair"',
      detail:
        'Lines 1 and 3 have the same key {"dev":{"N":"1"},"seq":{"N":"1"}}: DynamoDB keeps one item per key, so the second would replace the first.',
      context: 'COPY dpair, line 3',
    });
    expect(await scanAll(client, pair)).toEqual([]);
    // p0 again on input line 10 (after a blank line), p1 on line 13: line 10 is named, not '13' < '10' as text.
    const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', '', 'p0', 'p8', 'p9', 'p1'];
    const strings = await refusal(
      engine,
      `copy dsingle from stdin (format dynamodb_json)`,
      ids.map((id) => (id ? `{"id":{"S":"${id}"}}` : '')).join('\n') + '\n',
    );
    expect(strings).toMatchObject({
      sqlstate: '23505',
      message: 'duplicate key value violates the key of "dsingle"',
      context: 'COPY dsingle, line 10',
    });
    expect((strings as EngineError).detail).toMatch(
      /^Lines 1 and 10 have the same key \{"id":\{"S":"p0"\}\}: /,
    );
    expect(await scanAll(client, single)).toEqual([]);
  });
});

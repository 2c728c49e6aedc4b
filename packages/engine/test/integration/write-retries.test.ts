import {
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  fails,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type FaultKind, type LoggedRequest, type RequestLog } from '../support/request-log';

type Item = Record<string, AttributeValue>;

/**
 * Issue 13, part 1: every DynamoDB call retries throttling, 5xx, resets and timeouts within
 * `dynascope.retry_budget_seconds`; a retried write never applies twice; a concurrent change is never
 * overwritten (`40001`); a failed write statement stops at once and says which rows it wrote. The
 * faults come from the relay in front of the real emulator (test/support/request-log.ts).
 */
describe.each(BACKENDS)('writes under faults, on %s', (backend) => {
  let client: DynamoDBClient;
  let engine: Engine;
  let relay: RequestLog;
  // What another writer does when the engine's request reaches the relay (set by a test).
  let otherWriter: ((r: LoggedRequest) => Promise<void>) | null = null;

  beforeAll(async () => {
    client = clientOf(backend);
    relay = await startRequestLog(endpointOf(backend), async (r) => otherWriter?.(r));
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'faulty', relay.endpoint);
  });

  afterAll(async () => {
    await engine.close();
    await relay.close();
  });

  const scanAll = async (table: string): Promise<Item[]> => {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await client.send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const counters = (table: string) => async () =>
    new Map((await scanAll(table)).map((i) => [Number(i.id!.N), Number(i.n!.N)]));
  const faultsOf = (from: number, operation: string) => {
    const seen: Partial<Record<FaultKind, number>> = {};
    for (const r of relay.requests.slice(from))
      if (r.operation === operation && r.fault) seen[r.fault] = (seen[r.fault] ?? 0) + 1;
    return seen;
  };

  it(
    'a 2,000-row INSERT, a 500-row UPDATE n = n + 1 and a 500-row DELETE land exactly through throttling, 5xx, resets, lost answers and partial batches',
    { timeout: 120_000 },
    async () => {
      const table = uniqueName('rt_exact');
      await createTable(client, table, { name: 'id', type: 'N' });
      await ok(
        engine,
        `create foreign table public.rt_exact (id bigint not null, n int, g text) server faulty options (table '${table}', rowid_column 'id')`,
      );
      const from = relay.requests.length;
      relay.setFaults({
        throttle: 0.25,
        serverError: 0.04,
        reset: 0.03,
        dropAnswer: 0.05,
        partialBatch: 0.3,
        seed: 13,
      });
      try {
        const [ins] = await ok(
          engine,
          `insert into public.rt_exact select g, 0, 'x' from generate_series(1, 2000) g`,
        );
        expect(ins!.rowCount).toBe(2000);
        const [upd] = await ok(engine, 'update public.rt_exact set n = n + 1 where id <= 500');
        expect(upd!.rowCount).toBe(500);
        const [del] = await ok(engine, 'delete from public.rt_exact where id > 1500');
        expect(del!.rowCount).toBe(500);
      } finally {
        relay.setFaults({});
      }
      const n = await counters(table)();
      expect(n.size).toBe(1500);
      for (let id = 1; id <= 1500; id++) expect(n.get(id), `item ${id}`).toBe(id <= 500 ? 1 : 0);
      // Every kind of fault happened, and answers were lost after writes of each kind were applied.
      const batch = faultsOf(from, 'BatchWriteItem');
      const update = faultsOf(from, 'UpdateItem');
      const remove = faultsOf(from, 'DeleteItem');
      for (const kind of ['throttle', 'serverError', 'reset', 'dropAnswer'] as const)
        expect(update[kind], `UpdateItem ${kind}`).toBeGreaterThan(0);
      expect(batch.partialBatch).toBeGreaterThan(0);
      expect(batch.dropAnswer).toBeGreaterThan(0);
      expect(remove.dropAnswer).toBeGreaterThan(0);
      expect(remove.throttle).toBeGreaterThan(0);
    },
  );

  describe('a row another writer changed after the statement read it', () => {
    let table: string;
    const seed = async (name: string) => {
      table = uniqueName(name);
      await createTable(client, table, { name: 'id', type: 'N' });
      await putItems(
        client,
        table,
        Array.from({ length: 150 }, (_, i) => ({ id: { N: String(i + 1) }, n: { N: '0' } })),
      );
      await ok(
        engine,
        `create foreign table public.${name} (id bigint not null, n int) server faulty options (table '${table}', rowid_column 'id')`,
      );
    };
    const changeItem7 = async (r: LoggedRequest) => {
      const id = (r.body.Key as { id?: { N?: string } } | undefined)?.id?.N;
      if (id !== '7' || !['UpdateItem', 'DeleteItem'].includes(r.operation)) return;
      otherWriter = null;
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: { N: '7' } },
          UpdateExpression: 'SET n = :v',
          ExpressionAttributeValues: { ':v': { N: '100' } },
        }),
      );
    };

    it('UPDATE is not applied over it: 40001, the other write kept, the rows written listed, nothing written after the error', async () => {
      await seed('rt_cc_update');
      otherWriter = changeItem7;
      const e = await fails(engine, 'update public.rt_cc_update set n = n + 1');
      otherWriter = null;
      const after = relay.requests.length;
      expect(e.sqlstate).toBe('40001');
      expect(e.message).toMatch(
        /^could not serialize access due to concurrent update \(\d+ rows written before the error\)$/,
      );
      expect(e.detail).toContain('The DynamoDB item {"id":{"N":"7"}}');
      const n = await counters(table)();
      expect(n.get(7)).toBe(100);
      const written = [...n].filter(([, v]) => v === 1).map(([id]) => id);
      expect(e.message).toContain(`(${written.length} rows written before the error)`);
      const listed = [...(e.detail ?? '').matchAll(/\{"id":\{"N":"(\d+)"\}\}/g)]
        .map((m) => Number(m[1]))
        .filter((id) => id !== 7);
      expect(listed.length).toBe(Math.min(100, written.length));
      for (const id of listed) expect(n.get(id)).toBe(1);
      // Stopped at once: no write was sent after the statement's error came back.
      await new Promise((r) => setTimeout(r, 300));
      expect(relay.requests.length).toBe(after);
    });

    it('DELETE does not delete it: 40001, the item still there as the other writer left it', async () => {
      await seed('rt_cc_delete');
      otherWriter = changeItem7;
      const e = await fails(engine, 'delete from public.rt_cc_delete where n = 0');
      otherWriter = null;
      expect(e.sqlstate).toBe('40001');
      const n = await counters(table)();
      expect(n.get(7)).toBe(100);
      expect(e.message).toContain(`(${150 - n.size} rows written before the error)`);
    });
  });

  it('an UPDATE whose every first answer is lost adds 1 once', async () => {
    const table = uniqueName('rt_lost');
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: 40 }, (_, i) => ({ id: { N: String(i + 1) }, n: { N: '5' } })),
    );
    await ok(
      engine,
      `create foreign table public.rt_lost (id bigint not null, n int) server faulty options (table '${table}', rowid_column 'id')`,
    );
    const from = relay.requests.length;
    relay.setFaults({ dropAnswer: 0.5, operations: ['UpdateItem', 'DeleteItem'], seed: 3 });
    try {
      const [u] = await ok(engine, 'update public.rt_lost set n = n + 1');
      expect(u!.rowCount).toBe(40);
      const [d] = await ok(engine, 'delete from public.rt_lost where id <= 10');
      expect(d!.rowCount).toBe(10);
    } finally {
      relay.setFaults({});
    }
    expect(faultsOf(from, 'UpdateItem').dropAnswer).toBeGreaterThan(5);
    const n = await counters(table)();
    expect([...n.values()]).toEqual(Array.from({ length: 30 }, () => 6));
  });

  it('retries as long as dynascope.retry_budget_seconds, then says how long it was throttled and that nothing was written', async () => {
    const table = uniqueName('rt_budget');
    await createTable(client, table, { name: 'id', type: 'N' });
    await ok(
      engine,
      `create foreign table public.rt_budget (id bigint not null, n int) server faulty options (table '${table}', rowid_column 'id')`,
    );
    await ok(engine, 'set dynascope.retry_budget_seconds = 1.5');
    relay.setFaults({ throttle: 1, operations: ['PutItem', 'BatchWriteItem'] });
    try {
      const started = Date.now();
      const e = await fails(engine, 'insert into public.rt_budget values (1, 1)');
      const took = Date.now() - started;
      expect(e.message).toMatch(
        /^ProvisionedThroughputExceededException: .* \(PutItem rt_budget_.*; throttled for 1\.\d s over \d+ attempts \(dynascope.retry_budget_seconds is 1.5\)\) \(0 rows written before the error\)$/,
      );
      expect(e.detail).toBe('No row was written.');
      expect(took).toBeGreaterThanOrEqual(1500);
      expect(took).toBeLessThan(4000);
    } finally {
      relay.setFaults({});
      await ok(engine, 'reset dynascope.retry_budget_seconds');
    }
    expect(await scanAll(table)).toEqual([]);
  });
});

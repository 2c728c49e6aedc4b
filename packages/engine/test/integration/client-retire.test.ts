import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignalledHttpHandler } from '../../src/dynamo/send-cached';
import type { Engine } from '../../src/engine';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type RequestLog } from '../support/request-log';

/**
 * A server's clients are forgotten when its options or keys change (ALTER SERVER, a vault secret
 * rotated here or by another process: dynamo/client-cache.ts). A request already sent through the
 * old client must end with its own answer: destroying the client under it ended its socket, and the
 * SDK sent the request again — for a write that may have landed, a second time. The relay holds the
 * lookup's answer until the ALTER SERVER is done (an answer that comes late, which neither emulator
 * can cause).
 */
describe.each(BACKENDS)('a request in flight when its server changes, on %s', (backend) => {
  let engine: Engine;
  let log: RequestLog;
  let holding = false;
  const held: (() => void)[] = [];
  const table = uniqueName('client_retire');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [{ id: { S: 'k1' }, v: { S: 'one' } }]);
    log = await startRequestLog(endpointOf(backend), async (request) => {
      if (holding && request.operation === 'GetItem')
        await new Promise<void>((resolve) => held.push(resolve));
    });
    engine = await openTestEngine();
    await createDocServer(engine, backend, 'dynamodb_server', log.endpoint);
    await ok(
      engine,
      `create foreign table cr (id text not null, v text) server dynamodb_server options (table '${table}', rowid_column 'id')`,
    );
    await ok(engine, `select v from cr where id = 'k1'`);
  });
  afterAll(async () => {
    holding = false;
    for (const release of held) release();
    await engine?.close();
    await log?.close();
  });

  it('ends with its answer, sent once; the old client is closed then; the next statement uses the new one', async () => {
    const before = log.requests.length;
    holding = true;
    const running = engine.execute(`select v from cr where id = 'k1'`, { session: 'reader' });
    while (held.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    // Another session changes the server: its clients are forgotten while the GetItem waits.
    await ok(engine, `alter server dynamodb_server options (set region 'us-east-1')`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    holding = false;
    for (const release of held.splice(0)) release();
    const result = await running;
    expect(result.error).toBeUndefined();
    expect(result.statements[0]!.rows).toEqual([['one']]);
    expect(log.requests.slice(before).filter((r) => r.operation === 'GetItem')).toHaveLength(1);
    // The forgotten client's sockets close as its last request ends (the relay would keep an idle
    // kept-alive one 5 s; the engine used to keep the forgotten client 120 s).
    const closing = Date.now();
    while ((await log.connections()) > 0 && Date.now() - closing < 2000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await log.connections()).toBe(0);
    expect((await ok(engine, `select v from cr where id = 'k1'`))[0]!.rows).toEqual([['one']]);
  });
});

/**
 * What retire counts on: a request is in flight through its client's handler from when it is sent
 * until its answer's body has been read — a Scan's ~400 KB body arrives in many chunks, after the
 * handler has handed the SDK its headers — and the handler says when the last one ends.
 */
describe.each(BACKENDS)(
  'SignalledHttpHandler counts requests until their bodies are read, on %s',
  (backend) => {
    const table = uniqueName('handler_count');

    beforeAll(async () => {
      const client = clientOf(backend);
      await createTable(client, table, { name: 'id', type: 'S' });
      const pad = 'x'.repeat(3000);
      await putItems(
        client,
        table,
        Array.from({ length: 130 }, (_, i) => ({ id: { S: `k${i}` }, pad: { S: pad } })),
      );
    });

    it('in flight while the body is read, idle after; onIdle once per idle', async () => {
      const handler = new SignalledHttpHandler({});
      const client = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: endpointOf(backend),
        credentials: { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret' },
        requestHandler: handler,
      });
      const seen: number[] = [];
      // Runs when the response's headers are in, before the SDK reads its body.
      client.middlewareStack.add(
        (next) => async (args) => {
          const out = await next(args);
          seen.push(handler.inFlight);
          return out;
        },
        { step: 'deserialize', priority: 'low', name: 'countInFlight' },
      );
      let idle = 0;
      handler.onIdle = () => idle++;
      try {
        const [a, b] = await Promise.all([
          client.send(new ScanCommand({ TableName: table })),
          client.send(new ScanCommand({ TableName: table, Limit: 10 })),
        ]);
        expect(a.Items).toHaveLength(130);
        expect(b.Items).toHaveLength(10);
        // The first answer's headers came while the other request was still in flight.
        expect(seen[0]).toBe(2);
        expect(Math.max(...seen)).toBeGreaterThanOrEqual(1);
        expect(handler.inFlight).toBe(0);
        expect(idle).toBeGreaterThanOrEqual(1);
        const before = idle;
        await client.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'k1' } } }));
        expect(handler.inFlight).toBe(0);
        expect(idle).toBe(before + 1);
      } finally {
        client.destroy();
      }
    });
  },
);

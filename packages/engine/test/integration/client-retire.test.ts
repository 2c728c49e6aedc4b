import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('ends with its answer, sent once, and the next statement uses the new client', async () => {
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
    expect((await ok(engine, `select v from cr where id = 'k1'`))[0]!.rows).toEqual([['one']]);
  });
});

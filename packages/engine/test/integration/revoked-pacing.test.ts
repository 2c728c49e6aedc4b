import { GetItemCommand, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { InitializeMiddleware } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientCache } from '../../src/dynamo/client-cache';
import { NO_LIMITS, optionLimits, registerLimits, tableKey } from '../../src/dynamo/governor/table-limits';
import type { Host } from '../../src/host/host';
import { PgHost } from '../../src/host/pg-host';
import { PGliteHost } from '../../src/host/pglite-host';
import { Vault } from '../../src/vault/vault';
import { clientOf, createTable, freshHost, plainKeyServer, uniqueName } from '../support/harness';

/**
 * A revocable cache's client (dynamo/block-clients.ts) whose request is waiting for the throughput
 * governor's budget when its keys are taken back (ClientCache.revokeAll): the request is refused
 * then (55000), not after the wait. On a real host's vault, which plain keys never read.
 */
describe('a request waiting for its throughput budget when its client is revoked', () => {
  const backend = 'dynalite';
  const table = uniqueName('revoked_pacing');
  const server = plainKeyServer(990_001, uniqueName('rp'), backend);
  const source = { oid: 990_002, server, options: { table, max_rcu_per_second: '0.001' } };
  let host: Host;
  let cache: ClientCache;

  beforeAll(async () => {
    await createTable(clientOf(backend), table, { name: 'id', type: 'S' });
    const { databaseUrl, loadDataDir } = await freshHost();
    host = databaseUrl ? await PgHost.connect(databaseUrl) : await PGliteHost.open({ loadDataDir });
    cache = new ClientCache(new Vault(host, Buffer.alloc(32), databaseUrl ? 'database' : 'data directory'), {
      revocable: true,
    });
    // As a plan of a foreign table with these options does (plan-scan.ts tableInfo).
    registerLimits(
      tableKey(server, table),
      source,
      optionLimits(server.options, source.options, undefined, table),
    );
  });
  afterAll(async () => {
    registerLimits(tableKey(server, table), source, NO_LIMITS);
    cache?.close();
    await host?.close();
  });

  it('is refused at once (55000), not after the ~500 s wait', { timeout: 20_000 }, async () => {
    const dynamo = await cache.clientFor(server);
    // The second request noted just before the governor takes it: from there it runs into its wait
    // without a pause (revoked earlier, it would be refused ahead of the wait, and prove nothing).
    let entered!: () => void;
    const atGovernor = new Promise<void>((resolve) => (entered = resolve));
    let requests = 0;
    const noteSecond: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => (args) => {
      if (++requests === 2) entered();
      return next(args);
    };
    dynamo.middlewareStack.addRelativeTo(noteSecond, {
      relation: 'before',
      toMiddleware: 'dynascopeGovernor',
      name: 'testAtGovernor',
    });
    const get = () => dynamo.send(new GetItemCommand({ TableName: table, Key: { id: { S: 'k' } } }));
    // 0.5 RCU at 0.001 RCU a second: the next request waits ~500 s for the table's budget.
    await get();
    const waiting = get();
    waiting.catch(() => undefined);
    await atGovernor;
    const at = Date.now();
    cache.revokeAll();
    await expect(waiting).rejects.toMatchObject({
      sqlstate: '55000',
      message: `the keys of server "${server.name}" this statement read with were rolled back`,
    });
    expect(Date.now() - at).toBeLessThan(5_000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';
import { startRequestLog, type RequestLog } from '../support/request-log';

/**
 * Server keys changed inside a transaction block (dynamo/block-clients.ts): the block's statements
 * sign with them, no other session does, and whatever ends the block without keeping them — ROLLBACK,
 * ROLLBACK AND CHAIN, ROLLBACK TO SAVEPOINT — takes them back at once; a cursor the block opened stops
 * (55000) rather than sign with keys rolled back. The relay records the access key id each request
 * was signed with. On dynalite, which accepts any keys: DynamoDB Local keeps a database per access key
 * id, where the table would not be found under the block's keys.
 */
describe('server keys changed inside a transaction block', () => {
  const backend = 'dynalite';
  let engine: Engine;
  let log: RequestLog;
  const table = uniqueName('block_keys');
  const read = 'select count(*) from bk_t';

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(
      client,
      table,
      Array.from({ length: 40 }, (_, i) => ({ id: { S: `k${String(i).padStart(2, '0')}` }, v: { S: 'x' } })),
    );
    log = await startRequestLog(endpointOf(backend));
    engine = await openTestEngine({ transactionWaitMs: 300 });
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
       create server bk foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIDA',
         aws_secret_access_key 'secret-a', region 'us-east-1', endpoint_url '${log.endpoint}');
       create foreign table bk_t (id text not null, v text) server bk options (table '${table}', rowid_column 'id')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await log?.close();
  });

  /** CREATE SERVER `name` signing with key id `keyId` (plain keys), and a foreign table `<name>_t` over the test table. */
  const serverWithTable = (name: string, keyId: string, o: { region?: string; endpoint?: string } = {}) =>
    `create server ${name} foreign data wrapper dynamodb_wrapper options (aws_access_key_id '${keyId}',
       aws_secret_access_key 'secret-${keyId}', region '${o.region ?? 'us-east-1'}', endpoint_url '${o.endpoint ?? log.endpoint}');
     create foreign table ${name}_t (id text not null) server ${name} options (table '${table}', rowid_column 'id')`;
  const keys = (id: string) =>
    `alter server bk options (set aws_access_key_id '${id}', set aws_secret_access_key 'secret-${id}')`;
  /** The access key ids of the requests sent since `from`. */
  const signers = (from: number) => [...new Set(log.requests.slice(from).map((r) => r.accessKeyId))];
  const run = async (sql: string, pageSize?: number) => {
    const r = await engine.execute(sql, { session: 'block', ...(pageSize && { pageSize }) });
    expect(r.error).toBeUndefined();
    return r.statements.at(-1)!;
  };
  /** Runs `sql` in the block's session and says which keys its requests were signed with. */
  const signedBy = async (sql: string) => {
    const from = log.requests.length;
    await run(sql);
    return signers(from);
  };

  it("signs the block's statements with the block's keys, no other session's; ROLLBACK takes them back", async () => {
    expect(await signedBy(read)).toEqual(['AKIDA']);
    await run('begin');
    await run(keys('AKIDB'));
    expect(await signedBy(read)).toEqual(['AKIDB']);
    const from = log.requests.length;
    const other = await engine.execute(read, { session: 'other' });
    if (process.env.DYNASCOPE_TEST_HOST === 'postgres') {
      // A connection per session: the other session reads at once, with the committed keys.
      expect(other.error).toBeUndefined();
      expect(signers(from)).toEqual(['AKIDA']);
    } else expect(other.error?.sqlstate).toBe('55P03'); // PGlite: it waits for the block, then gives up
    await run('rollback');
    expect(await signedBy(read)).toEqual(['AKIDA']);
    const again = await engine.execute(read, { session: 'other' });
    expect(again.error).toBeUndefined();
  });

  it("a block's own clients take up keys another session rotated meanwhile", async () => {
    await ok(engine, serverWithTable('bk2', 'AKIDX'));
    const read2 = 'select count(*) from bk2_t';
    await run('begin');
    await run(keys('AKIDB')); // the block's statements use clients of its own from here
    expect(await signedBy(read2)).toEqual(['AKIDX']);
    const rotate = await engine.execute(
      "alter server bk2 options (set aws_access_key_id 'AKIDY', set aws_secret_access_key 'secret-y')",
      { session: 'other' },
    );
    if (process.env.DYNASCOPE_TEST_HOST === 'postgres') {
      expect(rotate.error).toBeUndefined();
      // The host tells of the change in a moment; the block's next statement then checks its keys.
      // Before, the block signed with AKIDX until it ended.
      let signed = await signedBy(read2);
      for (let i = 0; i < 50 && signed.join() !== 'AKIDY'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        signed = await signedBy(read2);
      }
      expect(signed).toEqual(['AKIDY']);
    } else expect(rotate.error?.sqlstate).toBe('55P03'); // PGlite: no other session commits during a block
    await run('rollback');
    await ok(engine, 'drop server bk2 cascade');
  });

  it('ROLLBACK AND CHAIN and ROLLBACK TO SAVEPOINT take the keys back at once', async () => {
    await run('begin');
    await run(keys('AKIDB'));
    expect(await signedBy(read)).toEqual(['AKIDB']);
    await run('rollback and chain');
    expect(await signedBy(read)).toEqual(['AKIDA']);
    await run('savepoint s');
    await run(keys('AKIDC'));
    expect(await signedBy(read)).toEqual(['AKIDC']);
    await run('rollback to savepoint s');
    expect(await signedBy(read)).toEqual(['AKIDA']);
    await run('rollback');
    expect(await signedBy(read)).toEqual(['AKIDA']);
  });

  it("stops a block's cursor at ROLLBACK (55000); after COMMIT the cursor reads on with the kept keys", async () => {
    await run('begin');
    await run(keys('AKIDB'));
    const rolledBack = await run('select id from bk_t', 5);
    expect(rolledBack.rows).toHaveLength(5);
    await run('rollback');
    const from = log.requests.length;
    await expect(engine.next(rolledBack.cursor!, { session: 'block', pageSize: 5 })).rejects.toMatchObject({
      sqlstate: '55000',
      message: 'the keys of server "bk" this statement read with were rolled back',
    });
    expect(signers(from)).not.toContain('AKIDB');

    await run('begin');
    await run(keys('AKIDC'));
    const committed = await run('select id from bk_t', 5);
    await run('commit');
    const at = log.requests.length;
    const page = await engine.next(committed.cursor!, { session: 'block', pageSize: 5 });
    expect(page.rows).toHaveLength(5);
    expect(signers(at)).toEqual(['AKIDC']);
    expect(await signedBy(read)).toEqual(['AKIDC']);
    await engine.closeCursor(committed.cursor!, { session: 'block' });
    await run(keys('AKIDA'));
  });

  it('ROLLBACK TO a savepoint made after the key change keeps the keys and the cursors reading', async () => {
    await run('begin');
    await run(keys('AKIDB'));
    await run('savepoint s');
    const cursor = await run('select id from bk_t', 5);
    await run('rollback to savepoint s');
    const at = log.requests.length;
    // Before, any ROLLBACK TO revoked the block's clients: this page was 55000.
    const page = await engine.next(cursor.cursor!, { session: 'block', pageSize: 5 });
    expect(page.rows).toHaveLength(5);
    expect(signers(at)).toEqual(['AKIDB']);
    await engine.closeCursor(cursor.cursor!, { session: 'block' });
    // A change after the savepoint is taken back (and its cursor stopped); the one before it stands.
    await run('savepoint t');
    await run(keys('AKIDC'));
    const later = await run('select id from bk_t', 5);
    await run('release savepoint t');
    await run('savepoint u');
    expect(await signedBy(read)).toEqual(['AKIDC']);
    await run('rollback to savepoint s');
    await expect(engine.next(later.cursor!, { session: 'block', pageSize: 5 })).rejects.toMatchObject({
      sqlstate: '55000',
    });
    // That failure aborted the block, as a failing FETCH does in Postgres.
    await run('rollback to savepoint s');
    expect(await signedBy(read)).toEqual(['AKIDB']);
    await run('rollback');
    expect(await signedBy(read)).toEqual(['AKIDA']);
  });

  it('a cursor over keys a later change in the block replaced is stopped too; a failed change changes nothing', async () => {
    await run('begin');
    await run(keys('AKIDB'));
    const first = await run('select id from bk_t', 5);
    await run(keys('AKIDC')); // B's client is forgotten here, not revoked: the cursor still holds it
    await run('rollback');
    // Before, only the clients the block's cache still held were revoked: this page was signed by AKIDB.
    await expect(engine.next(first.cursor!, { session: 'block', pageSize: 5 })).rejects.toMatchObject({
      sqlstate: '55000',
    });

    await run('begin');
    await run(keys('AKIDB'));
    const kept = await run('select id from bk_t', 5);
    await run('savepoint s');
    const failed = await engine.execute("alter server bk options (set no_such_option 'x')", {
      session: 'block',
    });
    expect(failed.error).toBeDefined();
    await run('rollback to savepoint s');
    // The failed ALTER SERVER changed no keys: B still stands, and the cursor reads on (was 55000).
    const at = log.requests.length;
    expect((await engine.next(kept.cursor!, { session: 'block', pageSize: 5 })).rows).toHaveLength(5);
    expect(signers(at)).toEqual(['AKIDB']);
    await engine.closeCursor(kept.cursor!, { session: 'block' });
    await run('rollback');
    expect(await signedBy(read)).toEqual(['AKIDA']);
  });

  it('forgets only what the keys it changed reached: nothing at ROLLBACK, other places kept at COMMIT', async () => {
    // Another region: what DynamoDB said of its tables is kept apart from bk's (tableKey).
    await ok(engine, serverWithTable('bk3', 'AKIDZ', { region: 'eu-west-1' }));
    /** The DescribeTable requests the default session's lookups over both tables send, by key id. */
    const describes = async () => {
      const from = log.requests.length;
      for (const t of ['bk_t', 'bk3_t']) await ok(engine, `select id from ${t} where id = 'k01'`);
      return log.requests
        .slice(from)
        .filter((r) => r.operation === 'DescribeTable')
        .map((r) => r.accessKeyId);
    };
    await describes();
    expect(await describes()).toEqual([]); // described within the last 30 s

    await run('begin');
    await run(keys('AKIDB'));
    await run(read);
    await run('rollback');
    // Before, a block's end (and its first ALTER SERVER) forgot every server's descriptions.
    expect(await describes()).toEqual([]);

    await run('begin');
    await run(keys('AKIDB'));
    await run('commit');
    expect(await describes()).toEqual(['AKIDB']); // bk's keys changed: described again; bk3 kept

    await run(keys('AKIDA'));
    await ok(engine, 'drop server bk3 cascade');
  });

  it("the engine's own calls to DynamoDB never sign with a block's keys", async () => {
    // A server no session has read yet: the shared cache has no client of it.
    await ok(engine, serverWithTable('bk4', 'AKIDA'));
    await run('begin');
    await run(
      `alter server bk4 options (set aws_access_key_id 'AKIDB', set aws_secret_access_key 'secret-b')`,
    );
    // The workbench's table list, outside any session.
    const from = log.requests.length;
    const listed = engine.listTables('bk4');
    if (process.env.DYNASCOPE_TEST_HOST === 'postgres') {
      expect(await listed).toContain(table);
      expect(signers(from)).toEqual(['AKIDA']); // the engine's own connection reads committed keys
    } else {
      // PGlite: it waits for the block as other sessions' statements do. Before, it read the vault
      // inside the block, signed with AKIDB, and its client served every session after the ROLLBACK.
      await expect(listed).rejects.toMatchObject({ sqlstate: '55P03' });
      expect(signers(from)).toEqual([]);
    }
    await run('rollback');
    const at = log.requests.length;
    expect(await engine.listTables('bk4')).toContain(table);
    await ok(engine, 'select count(*) from bk4_t');
    expect(signers(at)).toEqual(['AKIDA']);
    await ok(engine, 'drop server bk4 cascade');
  });

  it("a key change in a block waits for the engine's own calls in flight (PGlite: they read the keys as they stood)", async () => {
    // A relay that holds ListTables for 600 ms, and an engine that waits far longer than that.
    const slow = await startRequestLog(endpointOf(backend), async (r) => {
      if (r.operation === 'ListTables') await new Promise((done) => setTimeout(done, 600));
    });
    const patient = await openTestEngine({ transactionWaitMs: 30_000 });
    const inBlock = async (sql: string) =>
      expect((await patient.execute(sql, { session: 'drain' })).error).toBeUndefined();
    try {
      await ok(
        patient,
        `create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
         ${serverWithTable('bk5', 'AKIDA', { endpoint: slow.endpoint })}`,
      );
      await inBlock('begin');
      const order: string[] = [];
      const listed = patient.listTables('bk5').then(() => order.push('listed'));
      await new Promise((done) => setTimeout(done, 150)); // its ListTables is held at the relay
      await inBlock(
        `alter server bk5 options (set aws_access_key_id 'AKIDB', set aws_secret_access_key 'secret-b')`,
      );
      order.push('altered');
      await listed;
      await inBlock('rollback');
      // On PGlite the ALTER waited for the call (StatementGate.drain); a server host needs no wait.
      expect(order).toEqual(
        process.env.DYNASCOPE_TEST_HOST === 'postgres' ? ['altered', 'listed'] : ['listed', 'altered'],
      );
      expect([...new Set(slow.requests.map((r) => r.accessKeyId))]).toEqual(['AKIDA']);
    } finally {
      await patient.close();
      await slow.close();
    }
  });

  it("refuses a rolled-back block's page before it waits for the throughput budget", async () => {
    await run('begin');
    await run(keys('AKIDB'));
    const rolledBack = await run('select id from bk_t', 5);
    expect(rolledBack.rows).toHaveLength(5);
    await run('rollback');
    // The table's limit, 0.001 RCU a second, holds from the next statement over it (a GetItem of
    // 0.5 RCU): the cursor's next page would then wait ~500 s for its budget before being refused.
    await run("alter foreign table bk_t options (add max_rcu_per_second '0.001')");
    await run("select id from bk_t where id = 'k00'");
    await expect(engine.next(rolledBack.cursor!, { session: 'block', pageSize: 5 })).rejects.toMatchObject({
      sqlstate: '55000',
    });
  });
});

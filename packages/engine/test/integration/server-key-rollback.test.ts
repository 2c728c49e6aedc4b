import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { ok, openTestEngine, rows } from '../support/harness';
import { startMoto, stsUsers, type AccessKey, type Moto } from '../support/moto';

const ACCOUNT = '123456789012';

/**
 * A plain key option goes to the vault when CREATE/ALTER SERVER runs (catalog/ddl.ts). It is part of
 * that statement: an ALTER SERVER that fails, or whose transaction block is rolled back, leaves the
 * server signing with the keys it had — on a PostgreSQL host too, where the vault's own work runs on
 * the engine's connection, not the session's. Against moto with IAM enforced; GetCallerIdentity says
 * which keys the server's clients sign with.
 */
describe('a server key change that does not commit', () => {
  let moto: Moto;
  let engine: Engine;
  const users: Record<string, AccessKey> = {};

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(
      users,
      await stsUsers(moto, ['kept', 'rolled_back', 'refused', 'renamed', 'in_block', 'committed']),
    );
    engine = await openTestEngine({ transactionWaitMs: 300 });
  });
  afterAll(async () => {
    await engine?.close();
    await moto?.stop();
  });

  const signer = async (server: string) =>
    (await rows(engine, `select arn from dynascope.server_identity('${server}')`))[0]?.[0];
  const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
  const keys = (name: string) =>
    `aws_access_key_id '${users[name]!.accessKeyId}', aws_secret_access_key '${users[name]!.secretAccessKey}'`;

  it('leaves the keys as they were, and a committed change takes effect', async () => {
    const at = `endpoint_url '${moto.endpoint}', sts_endpoint_url '${moto.endpoint}', region 'us-east-1'`;
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
       create server s foreign data wrapper dynamodb_wrapper options (${at}, ${keys('kept')})`,
    );
    expect(await signer('s')).toBe(user('kept'));

    // Rolled back with its block.
    const block = await engine.execute(
      `begin; alter server s options (set ${keys('rolled_back').replaceAll(', aws', ', set aws')}); rollback`,
      { session: 'writer' },
    );
    expect(block.error).toBeUndefined();
    expect(await signer('s')).toBe(user('kept'));

    // Refused after the keys were stored: an option the wrapper does not know.
    const refused = await engine.execute(
      `alter server s options (set ${keys('refused').replaceAll(', aws', ', set aws')}, add no_such_option 'x')`,
    );
    expect(refused.error).toBeDefined();
    expect(await signer('s')).toBe(user('kept'));

    // Committed: the new keys sign from the next statement on.
    await ok(engine, `alter server s options (set ${keys('renamed').replaceAll(', aws', ', set aws')})`);
    expect(await signer('s')).toBe(user('renamed'));
  });

  it('inside a block, the block’s own new keys sign its statements; a rollback leaves the old ones', async () => {
    const set = (name: string) =>
      `alter server s options (set ${keys(name).replaceAll(', aws', ', set aws')})`;
    const inSession = async (sql: string) => {
      const r = await engine.execute(sql, { session: 'block' });
      expect(r.error).toBeUndefined();
      return r.statements.at(-1)?.rows;
    };
    const before = await signer('s');
    await inSession('begin');
    await inSession(set('in_block'));
    expect(await inSession(`select arn from dynascope.server_identity('s')`)).toEqual([[user('in_block')]]);
    // Another session meanwhile: on a PostgreSQL server it signs with the committed keys; on PGlite
    // (one connection) it waits for the block, here 300 ms, and gives up.
    const other = await engine.execute(`select arn from dynascope.server_identity('s')`, {
      session: 'other',
    });
    if (process.env.DYNASCOPE_TEST_HOST === 'postgres') {
      expect(other.error).toBeUndefined();
      expect(other.statements[0]!.rows).toEqual([[before]]);
    } else expect(other.error?.sqlstate).toBe('55P03');
    await inSession('rollback');
    expect(await signer('s')).toBe(before);

    await inSession('begin');
    await inSession(set('committed'));
    expect(await inSession(`select arn from dynascope.server_identity('s')`)).toEqual([[user('committed')]]);
    await inSession('commit');
    expect(await signer('s')).toBe(user('committed'));
    expect(await inSession(`select arn from dynascope.server_identity('s')`)).toEqual([[user('committed')]]);
  });
});

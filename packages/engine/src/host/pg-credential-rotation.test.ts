import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { ok, rows } from '../../test/support/harness';
import { startMoto, stsUsers, type AccessKey, type Moto } from '../../test/support/moto';
import { createTestDatabase } from '../../test/support/pg-database';

const ACCOUNT = '123456789012';

/**
 * Two engines on one PostgreSQL database (two API processes with DYNASCOPE_DATABASE_URL), against
 * moto with IAM enforced. When one process rotates a server's keys — ALTER SERVER of a plain key
 * (kept in the vault, `********` in the catalog: the server's options read the same before and
 * after), vault.update_secret of a key a server names, or another secret made under that name — the
 * other's DynamoDB and STS clients are built again with the new keys: they must not go on signing
 * with the old ones.
 */
describe('credentials rotated by another process (a shared PostgreSQL host)', () => {
  let moto: Moto;
  const engines: Engine[] = [];
  const users: Record<string, AccessKey> = {};

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(users, await stsUsers(moto, ['first', 'second', 'third', 'fourth', 'fifth']));
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
    await moto?.stop();
  });

  /** The IAM user the engine's cached clients for `server` sign as, polled until it is `user`. */
  const signsAs = (engine: Engine, server: string, user: string) =>
    expect
      .poll(
        async () => (await rows(engine, `select arn from dynascope.server_identity('${server}')`))[0]?.[0],
        {
          timeout: 10_000,
          interval: 100,
        },
      )
      .toBe(`arn:aws:iam::${ACCOUNT}:user/${user}`);

  it("follows the other process's ALTER SERVER of a plain key, its vault.update_secret and a secret renamed", async () => {
    const url = await createTestDatabase('template0');
    engines.push(
      ...(await Promise.all([0, 1].map(() => Engine.open({ databaseUrl: url, vaultKey: 'shared-key' })))),
    );
    const [a, b] = engines as [Engine, Engine];
    const at = `endpoint_url '${moto.endpoint}', sts_endpoint_url '${moto.endpoint}', region 'us-east-1'`;
    const { first, second, third, fourth, fifth } = users as Record<string, AccessKey>;

    // Plain keys: the catalog shows `********` for both before and after the rotation.
    await ok(
      a,
      `create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
       create server plain foreign data wrapper dynamodb_wrapper options (${at},
         aws_access_key_id '${first!.accessKeyId}', aws_secret_access_key '${first!.secretAccessKey}')`,
    );
    await signsAs(b, 'plain', 'first');
    await signsAs(a, 'plain', 'first');
    await ok(
      a,
      `alter server plain options (set aws_access_key_id '${second!.accessKeyId}', set aws_secret_access_key '${second!.secretAccessKey}')`,
    );
    await signsAs(b, 'plain', 'second');

    // Vault keys: the server's options name the secrets, whose values change under the same names.
    await ok(
      a,
      `select vault.create_secret('${third!.accessKeyId}', 'rotating_key');
       select vault.create_secret('${third!.secretAccessKey}', 'rotating_secret');
       create server vaulted foreign data wrapper dynamodb_wrapper options (${at},
         vault_access_key_id 'rotating_key', vault_secret_access_key 'rotating_secret')`,
    );
    await signsAs(b, 'vaulted', 'third');
    await signsAs(a, 'vaulted', 'third');
    await ok(
      a,
      `select vault.update_secret('rotating_key', '${fourth!.accessKeyId}');
       select vault.update_secret('rotating_secret', '${fourth!.secretAccessKey}')`,
    );
    await signsAs(b, 'vaulted', 'fourth');
    // The process that rotated them follows its own changes as before.
    await signsAs(a, 'plain', 'second');
    await signsAs(a, 'vaulted', 'fourth');

    // A rotation by name: the old secrets renamed away, new ones made under the names the server uses.
    await ok(
      a,
      `select vault.update_secret('rotating_key', null, 'retired_key');
       select vault.update_secret('rotating_secret', null, 'retired_secret');
       select vault.create_secret('${fifth!.accessKeyId}', 'rotating_key');
       select vault.create_secret('${fifth!.secretAccessKey}', 'rotating_secret')`,
    );
    await signsAs(b, 'vaulted', 'fifth');
  });
});

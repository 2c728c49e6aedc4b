import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine';
import { freshHost, ok } from '../support/harness';
import { refusingEndpoint, type RefusingEndpoint } from '../support/refusing-endpoint';

/**
 * A client is built for a server after its vault secrets are checked to go where the server sends
 * them (vault.ts checkDestination), and its keys are read after that (Vault.read): the read itself
 * must see that the secret a name names now is bound there, in the one query that decrypts it. A
 * secret renamed under the name by another session in between (one bound nowhere, another process's)
 * is refused, not sent. On a PostgreSQL database several API processes share, engines are the
 * processes (the victim's, the attacker's, and another of the attacker's that renames); the interleaving is forced with Postgres's own means: the test's connection holds
 * an ACCESS EXCLUSIVE lock on dynascope.secret_values, which the client's build waits on once the
 * check has passed (the credential stamp and the key read both read that table), and the other
 * process's rename commits while it waits. A data directory has one connection, on which nothing
 * commits between the two: this file runs on the PostgreSQL host only (vitest.config.ts ONLY_ON_POSTGRES).
 */
describe('a vault secret renamed between the destination check and the key read', () => {
  let victim: Engine;
  let attacker: Engine;
  let third: Engine;
  let listener: RefusingEndpoint | undefined;
  let url: string;

  beforeAll(async () => {
    const host = await freshHost();
    url = host.databaseUrl!;
    listener = await refusingEndpoint();
    victim = await Engine.open({ vaultKey: 'test-vault-key', ...host });
    attacker = await Engine.open({ vaultKey: 'test-vault-key', ...host });
    third = await Engine.open({ vaultKey: 'test-vault-key', ...host });
    await ok(
      victim,
      `create foreign data wrapper dynamodb_wrapper;
       select vault.create_secret('victimTokenValue00021', 'victim_token')`,
    );
    // The attacker's own token, bound to its own endpoint by its server's first client.
    await ok(
      attacker,
      `select vault.create_secret('baitTokenValue00022', 'bait_token');
       create server baited foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIAOTHER00000023',
         aws_secret_access_key 'otherSecret', vault_session_token 'bait_token', region 'us-east-1',
         endpoint_url '${listener.endpoint}');
       create foreign table baited_t (id text) server baited options (table 't', rowid_column 'id')`,
    );
  });
  afterAll(async () => {
    await third?.close();
    await attacker?.close();
    await victim?.close();
    await listener?.close();
  });

  it('is refused at the read, and its value is sent nowhere', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('begin; lock table dynascope.secret_values in access exclusive mode');
      const read = attacker.execute("select * from baited_t where id = 'x'", { session: 'reader' });
      // The check has passed (it bound the attacker's own secret to its endpoint) and the build waits.
      await expect
        .poll(
          async () =>
            (
              await admin.query(
                `select (select count(*)::int from pg_catalog.pg_locks
                          where relation = 'dynascope.secret_values'::regclass and not granted) as waiting,
                        (select count(*)::int from dynascope.secret_destinations d join vault.secrets s on s.id = d.secret_id
                          where s.name = 'bait_token') as bound`,
              )
            ).rows[0],
          { timeout: 10_000, interval: 50 },
        )
        .toEqual({ waiting: 1, bound: 1 });
      // Another process (one that wrote neither secret): the bait renamed away, the victim's secret
      // (bound nowhere) into its name.
      await ok(
        third,
        "select vault.update_secret('bait_token', null, 'bait_retired'); select vault.update_secret('victim_token', null, 'bait_token')",
      );
      await admin.query('commit');
      const r = await read;
      expect(JSON.stringify(listener!.seen)).not.toContain('victimTokenValue00021');
      expect(r.error).toMatchObject({ sqlstate: '42501' });
      expect(r.error?.message).toBe(
        'vault secret "bait_token" changed while a client was being built: it goes nowhere yet, not to this machine',
      );
    } finally {
      await admin.end();
    }
  });
});

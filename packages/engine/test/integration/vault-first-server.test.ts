import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine';
import { fails, freshHost, ok } from '../support/harness';
import { testPostgresUrl } from '../support/pg-database';
import { refusingEndpoint, type RefusingEndpoint } from '../support/refusing-endpoint';

/**
 * A vault secret is bound to where it is sent by the first server that names it. On a PostgreSQL
 * database several API processes share (each its own token), another process's server — made before
 * the owner's, or naming a name the secret takes later — could send it to an endpoint of its
 * choosing (security review s38-h4): a secret bound nowhere is bound only from the process that wrote
 * it, and a secret a process writes under a name it renamed a bound secret away from goes where that
 * one went, at once (a rotation by name, which every process's server then signs with). Two engines
 * on one database are the two processes; an HTTP listener records what each request carried. A data
 * directory has one process: there, any session may name a secret first, as before.
 */
/** A case of processes sharing a database: registered in the PostgreSQL host's run only (a data directory has one process). */
const onServerOnly = (name: string, fn: () => Promise<void>) => {
  if (testPostgresUrl() !== undefined) it(name, fn);
};

describe('the first server to name a vault secret', () => {
  let owner: Engine;
  let other: Engine;
  let host: Awaited<ReturnType<typeof freshHost>>;
  const later: Engine[] = [];
  let listener: RefusingEndpoint | undefined;
  let endpoint: string;
  let shared = false;

  beforeAll(async () => {
    listener = await refusingEndpoint();
    endpoint = listener.endpoint;
    host = await freshHost();
    shared = host.databaseUrl !== undefined;
    owner = await Engine.open({ vaultKey: 'test-vault-key', ...host });
    // On a data directory, another session of the one process.
    other = shared ? await Engine.open({ vaultKey: 'test-vault-key', ...host }) : owner;
    await ok(
      owner,
      `create foreign data wrapper dynamodb_wrapper;
       select vault.create_secret('AKIAOWNERKEY00001', 'owner_key');
       select vault.create_secret('ownerSecretValue00002', 'owner_secret');
       select vault.create_secret('ownerTokenValue00003', 'owner_token')`,
    );
  });
  afterAll(async () => {
    await Promise.all(later.map((e) => e.close()));
    if (other !== owner) await other?.close();
    await owner?.close();
    await listener?.close();
  });

  const sent = () => JSON.stringify(listener!.seen);
  /** A server of the other process's with keys of its own and a session token named `token`, and its table `<name>_t`. */
  const tokenServer = (name: string, keyId: string, token: string) =>
    `create server ${name} foreign data wrapper dynamodb_wrapper options (aws_access_key_id '${keyId}',
       aws_secret_access_key 'otherSecret', vault_session_token '${token}', region 'us-east-1', endpoint_url '${endpoint}');
     create foreign table ${name}_t (id text) server ${name} options (table 't', rowid_column 'id')`;
  const session = { session: 'another' };
  const signedWith = (engine: Engine, table: string, keyId: string) =>
    expect
      .poll(
        async () => {
          await engine.execute(`select * from ${table} where id = 'x'`, session);
          return String(listener!.seen.at(-1)?.authorization);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toContain(`Credential=${keyId}/`);

  it("another process's server may not name a secret no server has bound yet", async () => {
    const sql = `${tokenServer('evil', 'AKIAOTHER00000001', 'owner_token')};
     select * from evil_t where id = 'x'`;
    if (!shared) {
      // One process: its other session names it as before.
      await other.execute(sql, session);
      expect(sent()).toContain('ownerTokenValue00003');
      return;
    }
    const r = await other.execute(sql, session);
    expect(r.error).toMatchObject({
      sqlstate: '42501',
      message:
        'vault secret "owner_token" goes nowhere yet: server "evil" may send it only from an API process started with the token that wrote it',
    });
    expect(sent()).not.toContain('ownerTokenValue00003');
  });

  onServerOnly(
    "a secret made (or renamed) after another process's server named it is not sent by that server",
    async () => {
      await ok(
        other,
        `create server early foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'later_key',
         vault_secret_access_key 'later_secret', region 'us-east-1', endpoint_url '${endpoint}');
       create foreign table early_t (id text) server early options (table 't', rowid_column 'id')`,
      );
      await ok(
        owner,
        "select vault.create_secret('AKIALATERKEY00004', 'later_key'); select vault.create_secret('laterSecret00005', 'later_secret')",
      );
      const r = await other.execute("select * from early_t where id = 'x'");
      expect(r.error).toMatchObject({ sqlstate: '42501' });
      expect(r.error?.message).toContain('goes nowhere yet');
      expect(sent()).not.toContain('AKIALATERKEY00004');
      // Renamed into place by the other process (a new name, not a new value).
      await ok(other, tokenServer('renamed', 'AKIAOTHER00000008', 'renamed_token'));
      await ok(owner, "select vault.create_secret('victimTokenValue00009', 'victim_token')");
      await ok(other, "select vault.update_secret('victim_token', null, 'renamed_token')");
      expect((await other.execute("select * from renamed_t where id = 'x'")).error).toMatchObject({
        sqlstate: '42501',
      });
      expect(sent()).not.toContain('victimTokenValue00009');
    },
  );

  onServerOnly('a process started later binds no secret to a server that named it first', async () => {
    await ok(other, tokenServer('squat', 'AKIAOTHER00000010', 'restart_token'));
    await ok(owner, "select vault.create_secret('restartTokenValue00011', 'restart_token')");
    // A third process starts (or the other one restarts) on the same database.
    later.push(await Engine.open({ vaultKey: 'test-vault-key', ...host }));
    for (const engine of [other, later[0]!])
      expect((await engine.execute("select * from squat_t where id = 'x'")).error).toMatchObject({
        sqlstate: '42501',
      });
    expect(sent()).not.toContain('restartTokenValue00011');
  });

  onServerOnly('a name freed by another process does not bind a secret renamed into it there', async () => {
    // The other process binds a secret of its own to its endpoint, then renames it away.
    await ok(
      other,
      `select vault.create_secret('baitTokenValue00012', 'bait_token');
       ${tokenServer('baited', 'AKIAOTHER00000013', 'bait_token')}`,
    );
    await other.execute("select * from baited_t where id = 'x'");
    expect(sent()).toContain('baitTokenValue00012');
    await ok(owner, "select vault.create_secret('victimTokenValue00014', 'victim_token_2')");
    await ok(
      other,
      "select vault.update_secret('bait_token', null, 'bait_retired'); select vault.update_secret('victim_token_2', null, 'bait_token')",
    );
    expect((await other.execute("select * from baited_t where id = 'x'")).error).toMatchObject({
      sqlstate: '42501',
    });
    expect(sent()).not.toContain('victimTokenValue00014');
  });

  onServerOnly(
    'a name this process freed from a secret it did not write binds nothing it writes there next',
    async () => {
      // The other process's own token under a name, bound to its endpoint: the owner takes it for its
      // old key (it may have been renamed under the owner's name) and rotates by name.
      await ok(
        other,
        `select vault.create_secret('swapTokenValue00030', 'swap_token');
       ${tokenServer('swapped', 'AKIAOTHER00000031', 'swap_token')}`,
      );
      await other.execute("select * from swapped_t where id = 'x'");
      expect(sent()).toContain('swapTokenValue00030');
      await ok(
        owner,
        "select vault.update_secret('swap_token', null, 'swap_retired'); select vault.create_secret('victimSwapValue00032', 'swap_token')",
      );
      const r = await other.execute("select * from swapped_t where id = 'x'");
      expect(r.error).toMatchObject({ sqlstate: '42501' });
      expect(r.error?.message).toContain('goes nowhere yet');
      expect(sent()).not.toContain('victimSwapValue00032');
    },
  );

  onServerOnly('a secret written in this process, or bound by its owner, is sent as before', async () => {
    // Its own value written here: the other process's server sends that, never the owner's.
    await ok(other, "select vault.update_secret('owner_token', 'otherTokenValue00006')");
    await ok(other, tokenServer('mine', 'AKIAOTHER00000007', 'owner_token'));
    await other.execute("select * from mine_t where id = 'x'");
    expect(sent()).toContain('otherTokenValue00006');
    // The owner's own server binds and signs with its keys.
    await ok(
      owner,
      `create server own foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'owner_key',
         vault_secret_access_key 'owner_secret', region 'us-east-1', endpoint_url '${endpoint}');
       create foreign table own_t (id text) server own options (table 't', rowid_column 'id')`,
    );
    await owner.execute("select * from own_t where id = 'x'");
    expect(sent()).toContain('Credential=AKIAOWNERKEY00001/');
    expect((await fails(other, "select vault.create_secret('x', 'owner_key')")).sqlstate).toBe('23505');
  });

  onServerOnly(
    'processes started with one token, and one restarted with it, rotate by name as one: bound at once',
    async () => {
      const first = await Engine.open({ vaultKey: 'test-vault-key', ...host, vaultHolder: 'token-a' });
      const second = await Engine.open({ vaultKey: 'test-vault-key', ...host, vaultHolder: 'token-a' });
      later.push(first, second);
      await ok(
        first,
        `select vault.create_secret('AKIAHOLDERKEY0017', 'held_key');
         select vault.create_secret('heldSecretValue0017', 'held_secret');
         create server held foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'held_key',
           vault_secret_access_key 'held_secret', region 'us-east-1', endpoint_url '${endpoint}');
         create foreign table held_t (id text) server held options (table 't', rowid_column 'id')`,
      );
      await signedWith(first, 'held_t', 'AKIAHOLDERKEY0017');
      // The old key renamed away in one process, the new one made in another of the same token.
      await ok(first, "select vault.update_secret('held_key', null, 'held_key_old')");
      await ok(second, "select vault.create_secret('AKIAHOLDERKEY0018', 'held_key')");
      await signedWith(other, 'held_t', 'AKIAHOLDERKEY0018');
      // The same process restarted (its token kept): it rotates by name again.
      await first.close();
      const restarted = await Engine.open({ vaultKey: 'test-vault-key', ...host, vaultHolder: 'token-a' });
      later.push(restarted);
      await ok(
        restarted,
        "select vault.update_secret('held_key', null, 'held_key_old_2'); select vault.create_secret('AKIAHOLDERKEY0019', 'held_key')",
      );
      await signedWith(other, 'held_t', 'AKIAHOLDERKEY0019');
      // A process of another token making a key under the name it freed binds nothing.
      await ok(restarted, "select vault.update_secret('held_key', null, 'held_key_old_3')");
      await ok(other, "select vault.create_secret('AKIAOTHERHELD0020', 'held_key')");
      const r = await second.execute("select * from held_t where id = 'x'");
      expect(r.error).toMatchObject({ sqlstate: '42501' });
      expect(r.error?.message).toContain('goes nowhere yet');
      expect(sent()).not.toContain('AKIAOTHERHELD0020');
    },
  );

  onServerOnly(
    'a new value for a secret another token wrote and bound is refused: a key is not written into a swapped-in secret',
    async () => {
      // The other process binds a token of its own to its endpoint, and swaps it in under the owner's name.
      await ok(owner, "select vault.create_secret('ownerSwapValue00021', 'swapped_in')");
      // Its server names the token by id, which a rename does not change.
      const [made] = await ok(other, "select vault.create_secret('otherSwapValue00022', 'other_swap')");
      await ok(other, tokenServer('swapper', 'AKIAOTHER00000023', String(made!.rows[0]![0])));
      await other.execute("select * from swapper_t where id = 'x'");
      expect(sent()).toContain('otherSwapValue00022');
      await ok(
        other,
        "select vault.update_secret('swapped_in', null, 'swapped_out'); select vault.update_secret('other_swap', null, 'swapped_in')",
      );
      // The owner rotates "its" key in place: refused, nothing written.
      const e = await fails(owner, "select vault.update_secret('swapped_in', 'ownerNewValue00024')");
      expect(e.sqlstate).toBe('42501');
      expect(e.message).toContain('was written with another API token');
      await other.execute("select * from swapper_t where id = 'x'");
      expect(sent()).not.toContain('ownerNewValue00024');
      expect(String(listener!.seen.at(-1)?.['x-amz-security-token'])).toBe('otherSwapValue00022');
      // Its writer may still write it.
      await ok(other, "select vault.update_secret('swapped_in', 'otherSwapValue00025')");
    },
  );

  onServerOnly(
    "a rotation by name in the owner's process is signed with by every process's client at once",
    async () => {
      await signedWith(other, 'own_t', 'AKIAOWNERKEY00001');
      // The old key renamed away, a new one made under its name.
      await ok(
        owner,
        `select vault.update_secret('owner_key', null, 'owner_key_retired');
       select vault.create_secret('AKIAROTATEDKEY015', 'owner_key')`,
      );
      await signedWith(other, 'own_t', 'AKIAROTATEDKEY015');
      // A new key made under a name of its own, then renamed into place.
      await ok(
        owner,
        `select vault.create_secret('AKIAROTATEDKEY016', 'owner_key_next');
       select vault.update_secret('owner_key', null, 'owner_key_retired_2');
       select vault.update_secret('owner_key_next', null, 'owner_key')`,
      );
      await signedWith(other, 'own_t', 'AKIAROTATEDKEY016');
      // Where it goes is where the old key went: another server naming the name elsewhere is refused.
      const r = await other.execute(
        `create server elsewhere foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'owner_key',
         vault_secret_access_key 'owner_secret', region 'us-east-1', endpoint_url 'https://elsewhere.example')`,
      );
      expect(r.error).toMatchObject({ sqlstate: '42501' });
      expect(r.error?.message).toContain('goes only to');
    },
  );
});

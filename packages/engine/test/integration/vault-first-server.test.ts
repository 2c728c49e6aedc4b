import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine';
import { fails, freshHost, ok } from '../support/harness';
import { refusingEndpoint, type RefusingEndpoint } from '../support/refusing-endpoint';

/**
 * A vault secret is bound to where it is sent by the first server that names it. On a PostgreSQL
 * database several API processes share (each its own token), another process's server made before
 * the owner's could name it — or a name it later takes — and send it to an endpoint of its choosing
 * (security review s38-h4): only the process that wrote a secret binds it. Two engines on one
 * database are the two processes; an HTTP listener records what each request carried. A data
 * directory has one process: there, any session may name a secret first, as before.
 */
describe('the first server to name a vault secret', () => {
  let owner: Engine;
  let other: Engine;
  let listener: RefusingEndpoint | undefined;
  let endpoint: string;
  let shared = false;

  beforeAll(async () => {
    listener = await refusingEndpoint();
    endpoint = listener.endpoint;
    const host = await freshHost();
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
    if (other !== owner) await other?.close();
    await owner?.close();
    await listener?.close();
  });

  const sent = () => JSON.stringify(listener!.seen);
  const session = { session: 'another' };

  it("another process's server may not name a secret no server has bound yet", async () => {
    const sql = `create server evil foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIAOTHER00000001',
       aws_secret_access_key 'otherSecret', vault_session_token 'owner_token', region 'us-east-1', endpoint_url '${endpoint}');
     create foreign table evil_t (id text) server evil options (table 't', rowid_column 'id');
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
        'vault secret "owner_token" goes nowhere yet: server "evil" may send it only from the API process that wrote it',
    });
    expect(sent()).not.toContain('ownerTokenValue00003');
  });

  it("a secret made (or renamed) after another process's server named it is not sent by that server", async () => {
    if (!shared) return;
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
    await ok(
      other,
      `create server renamed foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIAOTHER00000008',
         aws_secret_access_key 'otherSecret', vault_session_token 'renamed_token', region 'us-east-1', endpoint_url '${endpoint}');
       create foreign table renamed_t (id text) server renamed options (table 't', rowid_column 'id')`,
    );
    await ok(owner, "select vault.create_secret('victimTokenValue00009', 'victim_token')");
    await ok(other, "select vault.update_secret('victim_token', null, 'renamed_token')");
    expect((await other.execute("select * from renamed_t where id = 'x'")).error).toMatchObject({
      sqlstate: '42501',
    });
    expect(sent()).not.toContain('victimTokenValue00009');
  });

  it('a secret written in this process, or bound by its owner, is sent as before', async () => {
    if (!shared) return;
    // Its own value written here: the other process's server sends that, never the owner's.
    await ok(other, "select vault.update_secret('owner_token', 'otherTokenValue00006')");
    await ok(
      other,
      `create server mine foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIAOTHER00000007',
         aws_secret_access_key 'otherSecret', vault_session_token 'owner_token', region 'us-east-1', endpoint_url '${endpoint}');
       create foreign table mine_t (id text) server mine options (table 't', rowid_column 'id')`,
    );
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
});

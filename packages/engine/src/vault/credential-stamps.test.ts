import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { hostDataDir } from '../host/host-data-dir';
import { PGliteHost } from '../host/pglite-host';
import { Vault, type VaultCredentials } from './vault';

const dir = mkdtempSync(join(tmpdir(), 'dynascope-stamps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLAIN: VaultCredentials = { refs: [], plainOptions: ['aws_access_key_id', 'aws_secret_access_key'] };
const NAMED: VaultCredentials = { refs: ['key_a', 'key_b'], plainOptions: [] };

/**
 * Where servers' keys stand in the vault (client-cache.ts rebuilds a client whose stamp moved): one
 * query for several servers gives each the stamp it gets alone, and a rotation moves only the stamps
 * of the servers whose secrets it touched.
 */
describe('Vault.credentialStamps', () => {
  it('each server as alone; a rotation moves only its servers', async () => {
    const engine = await Engine.open({ dataDir: dir, vaultKey: 'stamps-key' });
    const run = async (sql: string) => expect((await engine.execute(sql)).error).toBeUndefined();
    await run(`select vault.create_secret('AKIDA', 'key_a'); select vault.create_secret('secret-a', 'key_b');
      create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;
      create server plain foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIDP', aws_secret_access_key 'secret-p');
      create server named foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'key_a', vault_secret_access_key 'key_b')`);
    await engine.close();

    const host = await PGliteHost.open({ dataDir: hostDataDir(dir) });
    // The vault's tables are the owner's.
    const owner = (sql: string) => host.asOwner(() => host.query(sql));
    try {
      const oids = new Map(
        (await owner("select srvname, oid::text from pg_foreign_server where srvname in ('plain', 'named')"))
          .rows as [string, string][],
      );
      const plain = Number(oids.get('plain'));
      const named = Number(oids.get('named'));
      const byId = (await owner("select id::text from vault.secrets where name = 'key_a'"))
        .rows[0]![0] as string;
      const vault = new Vault(host, Buffer.alloc(32));
      const servers = new Map<number, VaultCredentials>([
        [plain, PLAIN],
        [named, NAMED],
        [999_999, { refs: [byId, 'no_such_secret'], plainOptions: [] }],
      ]);

      const stamps = await vault.credentialStamps(servers);
      for (const [oid, secrets] of servers)
        expect(stamps.get(oid)).toBe(await vault.credentialStamp(oid, secrets));
      expect(stamps.get(plain)!.split(',')).toHaveLength(2);
      expect(stamps.get(named)!.split(',')).toHaveLength(2);
      expect(stamps.get(999_999)!.split(',')).toHaveLength(1);
      expect(stamps.get(999_999)).toBe(
        stamps
          .get(named)!
          .split(',')
          .find((s) => s.startsWith(byId)),
      );
      expect(await vault.credentialStamps(new Map())).toEqual(new Map());
      expect(await vault.credentialStamp(123, { refs: ['none'], plainOptions: [] })).toBe('');

      await owner(
        "update vault.secrets set updated_at = updated_at + interval '1 second' where name = 'key_b'",
      );
      const after = await vault.credentialStamps(servers);
      expect(after.get(plain)).toBe(stamps.get(plain));
      expect(after.get(named)).not.toBe(stamps.get(named));
      expect(after.get(999_999)).toBe(stamps.get(999_999));
    } finally {
      await host.close();
    }
  });
});

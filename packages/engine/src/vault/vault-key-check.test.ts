import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { EngineError } from '../errors';
import { hostDataDir } from '../host/host-data-dir';
import { PGliteHost } from '../host/pglite-host';

const dir = mkdtempSync(join(tmpdir(), 'dynascope-vault-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (opening: Promise<Engine>) =>
  opening.then(
    async (engine) => {
      await engine.close();
      throw new Error('opened with another vault key');
    },
    (e: unknown) => e as EngineError,
  );

/** A data directory's vault opens only with the key it was made with (PGlite; the server host: pg-vault-key.test.ts). */
describe("the vault key check on a data directory's PGlite", () => {
  it('another key is 28000 at open, with the data directory hint; the right key still opens', async () => {
    const first = await Engine.open({ dataDir: dir, vaultKey: 'key-one-5b1e' });
    expect(
      (await first.execute("select vault.create_secret('value-0a9', 'kept', '')")).error,
    ).toBeUndefined();
    await first.close();

    const error = await refusal(Engine.open({ dataDir: dir, vaultKey: 'key-two-c33f' }));
    expect(error.sqlstate).toBe('28000');
    expect(error.message).toBe("this vault key is not the one the data directory's vault was made with");
    expect(error.hint).toBe(
      'the data directory was opened with a different DYNASCOPE_VAULT_KEY or vault.key file',
    );
    expect(JSON.stringify(error.toInfo(0))).not.toMatch(/key-one-5b1e|key-two-c33f|value-0a9/);

    // A vault from before the check row is checked on one of its secrets.
    const again = await Engine.open({ dataDir: dir, vaultKey: 'key-one-5b1e' });
    expect((await again.execute("select vault.create_secret('x', 'second', '')")).error).toBeUndefined();
    await again.close();
    const host = await PGliteHost.open({ dataDir: hostDataDir(dir) });
    await host.exec('delete from dynascope.vault_key_check');
    await host.close();
    expect((await refusal(Engine.open({ dataDir: dir, vaultKey: 'key-two-c33f' }))).sqlstate).toBe('28000');
    const right = await Engine.open({ dataDir: dir, vaultKey: 'key-one-5b1e' });
    await right.close();
  });
});

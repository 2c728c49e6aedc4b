import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { EngineError } from '../errors';
import { createTestDatabase } from '../../test/support/pg-database';

const KEY_A = 'first-process-vault-key-9f2c';
const KEY_B = 'second-process-vault-key-41d7';

/**
 * Two API processes on one PostgreSQL database share one vault, so they need one vault key
 * (DYNASCOPE_VAULT_KEY): a process started with another key is refused at start-up, saying so.
 */
describe('the vault key across engines on one PostgreSQL database', () => {
  const engines: Engine[] = [];
  afterAll(() => Promise.all(engines.map((e) => e.close())));

  it('a second engine with another key is refused with 28000 naming DYNASCOPE_VAULT_KEY, never a key', async () => {
    const url = await createTestDatabase();
    const first = await Engine.open({ databaseUrl: url, vaultKey: KEY_A });
    engines.push(first);
    expect(
      (await first.execute("select vault.create_secret('s3cr3t-value-77', 'one_secret', '')")).error,
    ).toBeUndefined();

    const refused = await Engine.open({ databaseUrl: url, vaultKey: KEY_B }).then(
      (e) => (engines.push(e), null),
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(EngineError);
    const error = refused as EngineError;
    expect(error.sqlstate).toBe('28000');
    expect(error.message).toBe("this vault key is not the one the database's vault was made with");
    expect(error.hint).toMatch(
      /every API process on one PostgreSQL database \(DYNASCOPE_DATABASE_URL\) needs the same DYNASCOPE_VAULT_KEY/,
    );
    const said = JSON.stringify({ message: error.message, hint: error.hint, detail: error.detail });
    for (const secret of [KEY_A, KEY_B, 's3cr3t-value-77']) expect(said).not.toContain(secret);

    // The same key opens it, and reads the secret the first engine stored.
    const second = await Engine.open({ databaseUrl: url, vaultKey: KEY_A });
    engines.push(second);
    expect(
      (await second.execute("select 1 from vault.secrets where name = 'one_secret'")).error,
    ).toBeUndefined();
  });

  it('two engines starting at once with different keys: one wins, the other is refused', async () => {
    const url = await createTestDatabase();
    const opened = await Promise.allSettled(
      [KEY_A, KEY_B].map((vaultKey) => Engine.open({ databaseUrl: url, vaultKey })),
    );
    for (const o of opened) if (o.status === 'fulfilled') engines.push(o.value);
    expect(opened.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refused] = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect((refused!.reason as EngineError).sqlstate).toBe('28000');
  });
});

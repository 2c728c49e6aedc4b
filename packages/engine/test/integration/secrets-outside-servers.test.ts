import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import { ok, openTestEngine, rows } from '../support/harness';

/**
 * AWS keys are kept in the vault only where the engine moves them there: a server's own options
 * (CREATE/ALTER SERVER) and vault.create_secret. Anywhere else the host would keep them in plain
 * text that every session reads (pg_user_mappings, information_schema, ftoptions) and the statement
 * would be shown and stored as written (security review s38-h1). So a key option of a user mapping,
 * a foreign table, IMPORT FOREIGN SCHEMA or a statement in a body is refused before the host sees
 * it, its value masked in the script's redactedSql; and a saved query may not hold a secret.
 */
describe('AWS keys outside a server and the vault', () => {
  let engine: Engine;
  const SECRET = 'plainTextSecretXYZ0001';

  beforeAll(async () => {
    engine = await openTestEngine();
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper;
       create server s foreign data wrapper dynamodb_wrapper
         options (aws_access_key_id 'AKIASERVERKEY', aws_secret_access_key 'serverSecret', region 'us-east-1', endpoint_url 'http://127.0.0.1:9')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** Every option value the host keeps in plain text that user SQL reads. */
  const stored = async () =>
    JSON.stringify(
      await rows(
        engine,
        `select (select array_agg(umoptions::text) from pg_user_mappings),
                (select array_agg(ftoptions::text) from pg_foreign_table),
                (select array_agg(fdwoptions::text) from pg_foreign_data_wrapper),
                (select array_agg(attfdwoptions::text) from pg_attribute where attfdwoptions is not null)`,
      ),
    );

  /** The statement refused at its option with HV00D, the secret in no part of the result nor stored. */
  const refusedAndMasked = async (sql: string, option: string) => {
    const r = await engine.execute(sql);
    expect(r.error).toMatchObject({
      sqlstate: 'HV00D',
      message: `invalid option "${option}"`,
      position: sql.indexOf(`${option} '`) + 1,
    });
    expect(r.error!.hint).toContain('CREATE SERVER');
    expect(r.redactedSql).toContain("'********'");
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(await stored()).not.toContain(SECRET);
    return r;
  };

  it.each([
    [
      `create user mapping for public server s options (aws_secret_access_key '${SECRET}')`,
      'aws_secret_access_key',
    ],
    [
      `create user mapping for current_user server s options (user 'x', aws_access_key_id '${SECRET}')`,
      'aws_access_key_id',
    ],
    [
      `create user mapping for public server s; alter user mapping for public server s options (add session_token '${SECRET}')`,
      'session_token',
    ],
    [
      `create foreign table ft (id text) server s options (table 't', aws_secret_access_key '${SECRET}')`,
      'aws_secret_access_key',
    ],
    [
      `create foreign table ft (id text options (aws_secret_access_key '${SECRET}')) server s options (table 't')`,
      'aws_secret_access_key',
    ],
    [
      `import foreign schema dynamodb from server s into public options (aws_secret_access_key '${SECRET}')`,
      'aws_secret_access_key',
    ],
    [
      `alter foreign data wrapper dynamodb_wrapper options (add aws_secret_access_key '${SECRET}')`,
      'aws_secret_access_key',
    ],
  ])('%s is refused with HV00D and masked', async (sql, option) => {
    await refusedAndMasked(sql, option);
    await ok(engine, 'drop user mapping if exists for public server s');
  });

  it.each([
    [
      `create server s3 foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIA3', aws_secret_access_key 'x', aws_session_token '${SECRET}')`,
      'aws_session_token',
      'session_token',
    ],
    [
      `alter server s options (add secret_access_key '${SECRET}')`,
      'secret_access_key',
      'aws_secret_access_key',
    ],
    [`alter server s options (add aws_secret_key '${SECRET}')`, 'aws_secret_key', 'aws_secret_access_key'],
    [
      `create user mapping for public server s options (access_key '${SECRET}')`,
      'access_key',
      'aws_access_key_id',
    ],
    [
      `create foreign table ft (id text) server s options (table 't', aws_token '${SECRET}')`,
      'aws_token',
      'session_token',
    ],
    [
      `create foreign table ft (id text options (password '${SECRET}')) server s options (table 't')`,
      'password',
      undefined,
    ],
    [
      `alter server s options (add vault_secret_key '${SECRET}')`,
      'vault_secret_key',
      'vault_secret_access_key',
    ],
  ])('%s: a misspelled key option is refused with HV00D, its value masked', async (sql, option, meant) => {
    const r = await refusedAndMasked(sql, option);
    if (meant) expect(r.error!.hint).toMatch(new RegExp(`^did you mean "${meant}"\\?`));
    expect(
      JSON.stringify(await rows(engine, 'select srvoptions::text from pg_foreign_server')),
    ).not.toContain(SECRET);
  });

  it('a key option of a user mapping in a DO block or a function body is refused before the host runs it', async () => {
    for (const sql of [
      `do $$ begin create user mapping for public server s options (aws_secret_access_key '${SECRET}'); end $$`,
      `create function um() returns void language sql as $$ create user mapping for public server s options (aws_secret_access_key '${SECRET}') $$`,
    ]) {
      const r = await engine.execute(sql);
      expect(r.error).toMatchObject({ sqlstate: 'HV00D', message: 'invalid option "aws_secret_access_key"' });
    }
    expect(await stored()).not.toContain(SECRET);
    // The same options on a server are the vault's, as before.
    await ok(engine, `alter server s options (set aws_secret_access_key '${SECRET}')`);
    expect(
      JSON.stringify(await rows(engine, 'select srvoptions::text from pg_foreign_server')),
    ).not.toContain(SECRET);
  });

  it('a vault call with its secret in a body is refused before the host keeps the body', async () => {
    for (const sql of [
      `create function mk1() returns uuid language sql as $$ select vault.create_secret('${SECRET}', 'b1') $$`,
      `create function mk2() returns uuid language plpgsql as $$ begin return vault.create_secret('${SECRET}', 'b2'); end $$`,
      `create procedure mk3() language plpgsql as $$ begin perform vault.update_secret('b3', new_secret => '${SECRET}'); end $$`,
      `do $$ begin perform vault.create_secret('${SECRET}', 'b4'); end $$`,
      // A body in quotes: its doubled quotes read as one.
      `create function mk6() returns uuid language sql as 'select vault.create_secret(''${SECRET}'', ''b5'')'`,
      `do 'begin perform vault.update_secret(''b6'', new_secret => ''${SECRET}''); end'`,
    ]) {
      const r = await engine.execute(sql);
      expect(r.error).toMatchObject({
        sqlstate: '0A000',
        message: 'vault functions must be called on their own with constant arguments',
      });
      expect(JSON.stringify(r.error)).not.toContain(SECRET);
      // Nor in the script as it is shown and kept in the history: the secret argument alone masked.
      expect(r.redactedSql).not.toContain(SECRET);
      expect(r.redactedSql).toContain("'********'");
      expect(r.redactedSql).toMatch(/'b[1-6]'/);
    }
    expect(
      await rows(engine, `select proname from pg_proc where prosrc like '%${SECRET.slice(0, 12)}%'`),
    ).toEqual([]);
    // A body calling it with a parameter keeps nothing secret: made as before (and refused by the host's stub when called).
    await ok(
      engine,
      "create function mk5(s text) returns uuid language sql as $$ select vault.create_secret(s, 'k') $$",
    );
  });

  it('a saved query holding a secret is refused, and nothing is stored', async () => {
    for (const sql of [
      `select vault.create_secret('${SECRET}', 'k')`,
      `create server s2 foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIA2', aws_secret_access_key '${SECRET}')`,
    ]) {
      const e = await engine.savedQueries.put({ name: 'keys', sql }, false).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect(e).toMatchObject({ sqlstate: '42501', message: 'a saved query may not hold a secret' });
      expect(JSON.stringify(e)).not.toContain(SECRET);
    }
    expect(await engine.savedQueries.list()).toEqual([]);
    // One without a secret saves as before.
    await engine.savedQueries.put(
      { name: 'ok', sql: "select vault.create_secret('<secret>', 'k')".replace("'<secret>'", '$1') },
      false,
    );
    expect((await engine.savedQueries.list()).map((q) => q.name)).toEqual(['ok']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine';
import { ok, reopenableHost, rows } from '../support/harness';
import { onHostUnchecked } from '../support/unchecked-host';

/**
 * Keys an older version let the user keep in FDW options other than a server's — a user mapping's,
 * a foreign table's or column's, the wrapper's — are dropped when an engine opens
 * (host/scrub-key-options.ts): the host kept them in plain text every session reads, and they never
 * signed. The log names each option and what held it, never the value. PGlite data directory and
 * PostgreSQL host.
 */
describe('key options already in the host are dropped at open', () => {
  let host: Awaited<ReturnType<typeof reopenableHost>>;
  let engine: Engine | undefined;
  const warnings: string[] = [];
  const open = async (options: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>) =>
    (engine = await Engine.open({
      vaultKey: 'test-vault-key',
      ...options,
      onWarning: (l) => warnings.push(l),
    }));

  /** What an older version let dynascope_user keep, past today's checks (802510a and after). */
  const OLDER_OPTIONS = `
    set role dynascope_user;
    create user mapping for public server legacy options (aws_secret_access_key 'LEGACYSECRET0001', "user" 'kept');
    create user mapping for dynascope_user server legacy options (aws_session_token 'LEGACYSECRET0002');
    alter foreign table public.legacy_t options (add access_key 'LEGACYSECRET0003');
    alter foreign table public.legacy_t alter column "Id" options (add password 'LEGACYSECRET0004');
    reset role;
    alter foreign data wrapper dynamodb_wrapper options (add secret_key 'LEGACYSECRET0005');
    -- Another FDW's (a handler: not made through the engine), as postgres_fdw's on a shared database.
    create foreign data wrapper other_fdw;
    create server other_srv foreign data wrapper other_fdw;
    create user mapping for public server other_srv options ("user" 'u', password 'OTHERFDW0001');
    update pg_catalog.pg_foreign_data_wrapper set fdwhandler = 'pg_catalog.now'::regproc where fdwname = 'other_fdw';`;

  /** Fails unless another FDW's user mapping still holds its password (read as the host's superuser). */
  const OTHER_FDW_KEPT = `do $$ begin
    if not exists (select 1 from pg_catalog.pg_user_mapping where 'password=OTHERFDW0001' = any(umoptions))
    then raise exception 'another FDW''s password was dropped'; end if; end $$`;

  beforeAll(async () => {
    host = await reopenableHost('existing-key-options-');
    const first = await open(host.options);
    await ok(
      first,
      `create foreign data wrapper dynamodb_wrapper;
       create server legacy foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIALEGACY',
         aws_secret_access_key 'serverSecret', region 'us-east-1', endpoint_url 'http://127.0.0.1:9');
       create foreign table public.legacy_t ("Id" text, v text) server legacy options (table 't', rowid_column 'Id')`,
    );
    await first.close();
    engine = undefined;
    expect(warnings).toEqual([]);
    await onHostUnchecked(host.options, OLDER_OPTIONS);
  });
  afterAll(async () => {
    await engine?.close();
    await host?.remove();
  });

  /** Every FDW option value the host keeps, as user SQL reads it. */
  const stored = async (e: Engine) =>
    JSON.stringify(
      await rows(
        e,
        `select (select array_agg(umoptions::text order by usename) from pg_user_mappings),
                (select array_agg(ftoptions::text) from pg_foreign_table),
                (select array_agg(fdwoptions::text) from pg_foreign_data_wrapper),
                (select array_agg(attfdwoptions::text) from pg_attribute where attfdwoptions is not null)`,
      ),
    );

  it('drops each, names it and what held it in the log, keeps every other option', async () => {
    const e = await open(host.options);
    expect(warnings.map((w) => w.replace(/: a key there.*/, '')).sort()).toEqual(
      [
        'Dynascope: dropped option access_key of foreign table public.legacy_t',
        'Dynascope: dropped option aws_secret_access_key of user mapping for public server legacy',
        'Dynascope: dropped option aws_session_token of user mapping for dynascope_user server legacy',
        'Dynascope: dropped option password of column "Id" of foreign table public.legacy_t',
        'Dynascope: dropped option secret_key of foreign data wrapper dynamodb_wrapper',
      ].sort(),
    );
    expect(warnings.join('\n')).not.toContain('LEGACYSECRET');
    const options = await stored(e);
    expect(options).not.toContain('LEGACYSECRET');
    expect(options).toContain('user=kept');
    expect(options).toContain('table=t');
    expect(options).toContain('rowid_column=Id');
    // The next open finds nothing more.
    await e.close();
    engine = undefined;
    // Another FDW's options are not the engine's: its user mapping keeps its password.
    await onHostUnchecked(host.options, OTHER_FDW_KEPT);
    warnings.length = 0;
    await open(host.options);
    expect(warnings).toEqual([]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine';
import { fails, freshHost, rows } from '../support/harness';
import { onHostUnchecked } from '../support/unchecked-host';

/**
 * `dynascope.server_identity` answers from `dynascope.caller_identities`, which only the engine may
 * set (statement-policy.ts refuses it to user SQL). A database an older version bootstrapped may
 * still hold a routine's SET clause for it, or a role's or the database's default, which would forge
 * those answers: the bootstrap strips them (server-identity-call.ts), in whatever spelling, and keeps
 * every other setting. PGlite data directory and PostgreSQL 15 host.
 */

const FORGED = JSON.stringify([
  {
    server: 'forged',
    account: '999999999999',
    arn: 'arn:aws:iam::999999999999:root',
    user_id: 'X',
    source: 'x',
  },
]);

/** What an older version could have left: each script on a connection of its own (a setting's spelling is a connection's). */
const OLDER_SCRIPTS = [
  `create function public.forged_identity() returns text language sql
     set dynascope.caller_identities = '${FORGED}'
     as $$ select account from dynascope.server_identity(pg_catalog.concat('forg', 'ed')) $$;
   alter function public.forged_identity() owner to dynascope_user;
   do $$ begin
     execute pg_catalog.format('alter role dynascope_user in database %I set dynascope.caller_identities = %L',
       pg_catalog.current_database(), '${FORGED}');
     execute pg_catalog.format('alter role dynascope_user in database %I set work_mem = %L',
       pg_catalog.current_database(), '2MB');
   end $$;
   alter role dynascope_user set dynascope.caller_identities = '${FORGED}'`,
  // Another spelling of the same setting (Postgres's names ignore case; the entries keep theirs).
  `create procedure public.forged_procedure() language sql
     set "Dynascope.Caller_Identities" = '${FORGED}' set work_mem = '1MB'
     as $$ select 1 $$;
   alter procedure public.forged_procedure() owner to dynascope_user;
   do $$ begin
     execute pg_catalog.format('alter database %I set "DYNASCOPE.caller_identities" = %L',
       pg_catalog.current_database(), '${FORGED}');
   end $$`,
];

/** Entries of pg_proc and pg_db_role_setting (of this database, or all) that set the name, in any spelling. */
const FORGED_ENTRIES = `
  select p.oid::regprocedure::text, c from pg_proc p, unnest(p.proconfig) c
   where lower(split_part(c, '=', 1)) = 'dynascope.caller_identities'
  union all
  select coalesce(nullif(s.setrole::regrole::text, '-'), 'all') || ' in ' || s.setdatabase::text, c
    from pg_db_role_setting s, unnest(s.setconfig) c
   where lower(split_part(c, '=', 1)) = 'dynascope.caller_identities'
     and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))`;

describe('settings of dynascope.caller_identities an older version left are stripped at bootstrap', () => {
  let dir: string | undefined;
  let hostOptions: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>;
  let engine: Engine | undefined;
  const open = async () => (engine = await Engine.open({ vaultKey: 'test-vault-key', ...hostOptions }));

  beforeAll(async () => {
    const fresh = await freshHost();
    if (fresh.databaseUrl) hostOptions = { databaseUrl: fresh.databaseUrl };
    else hostOptions = { dataDir: (dir = await mkdtemp(join(tmpdir(), 'forged-identity-'))) };
    // A first open makes the data directory (the roles, the engine's schemas); then what an older version left.
    await (await open()).close();
    for (const sql of OLDER_SCRIPTS) await onHostUnchecked(hostOptions, sql);
    // Every role's default, at every login: only on PGlite, whose server is this test's alone.
    if (dir)
      await onHostUnchecked(hostOptions, `alter role all set dynascope.caller_identities = '${FORGED}'`);
    // An older version's bootstrap left its own record: this one runs in full at the next open.
    await onHostUnchecked(
      hostOptions,
      `update dynascope.bootstrap_record set script_sha256 = repeat('0', 64)`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    // The role is the PostgreSQL cluster's: its server-wide default must not outlive a failed run.
    if (hostOptions?.databaseUrl)
      await onHostUnchecked(hostOptions, 'alter role dynascope_user reset dynascope.caller_identities');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes every such entry out and keeps the others', async () => {
    const e = await open();
    expect(await rows(e, FORGED_ENTRIES)).toEqual([]);
    // The routines and their other settings stay.
    expect(
      await rows(
        e,
        `select p.oid::regprocedure::text, p.proconfig::text, p.proowner::regrole::text from pg_proc p
          where p.pronamespace = 'public'::regnamespace and p.proname like 'forged_%' order by 1`,
      ),
    ).toEqual([
      ['forged_identity()', null, 'dynascope_user'],
      ['forged_procedure()', '{work_mem=1MB}', 'dynascope_user'],
    ]);
    expect(
      await rows(
        e,
        `select s.setconfig::text from pg_db_role_setting s
          where s.setrole = 'dynascope_user'::regrole
            and s.setdatabase = (select oid from pg_database where datname = current_database())`,
      ),
    ).toEqual([['{work_mem=2MB}']]);
    // The function no longer answers for the forged server: it reads no answers at all.
    expect(await fails(e, 'select public.forged_identity()')).toMatchObject({ sqlstate: '0A000' });
  });

  it('has nothing to strip at the next open', async () => {
    await engine?.close();
    await onHostUnchecked(
      hostOptions,
      `update dynascope.bootstrap_record set script_sha256 = repeat('0', 64)`,
    );
    const e = await open();
    expect(await rows(e, FORGED_ENTRIES)).toEqual([]);
    expect(await rows(e, `select proconfig::text from pg_proc where proname = 'forged_procedure'`)).toEqual([
      ['{work_mem=1MB}'],
    ]);
  });
});

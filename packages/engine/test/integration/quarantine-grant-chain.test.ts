import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from '../../src/engine';
import { fails, freshHost, rows } from '../support/harness';
import { onHostUnchecked } from '../support/unchecked-host';

/**
 * Review of host/quarantine-bodies.ts (24ea788, 0571471): a refused function whose EXECUTE was granted
 * WITH GRANT OPTION and passed on by its grantee (a chain of grants) is still quarantined, and the
 * engine still opens — REVOKE without CASCADE refuses such a grant ('dependent privileges exist').
 * PGlite data directory and PostgreSQL 15 host.
 */
describe('a quarantined function whose grant was passed on', () => {
  let dir: string | undefined;
  let hostOptions: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>;
  let engine: Engine | undefined;
  const warnings: string[] = [];
  const open = async () =>
    (engine = await Engine.open({
      vaultKey: 'test-vault-key',
      ...hostOptions,
      onWarning: (line) => warnings.push(line),
    }));

  const onHost = (sql: string) => onHostUnchecked(hostOptions, sql);

  beforeAll(async () => {
    const fresh = await freshHost();
    if (fresh.databaseUrl) hostOptions = { databaseUrl: fresh.databaseUrl };
    else hostOptions = { dataDir: (dir = await mkdtemp(join(tmpdir(), 'quarantine-chain-'))) };
    await (await open()).close();
    await onHost(`
      set role dynascope_user;
      create function public.bad_chain() returns int language plpgsql as $$ begin execute 'select 1'; return 1; end $$;
      grant execute on function public.bad_chain() to pg_monitor with grant option;
      reset role;
      set role pg_monitor;
      grant execute on function public.bad_chain() to pg_read_all_stats;
      reset role`);
  });
  afterAll(async () => {
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens, quarantines it, and no grantee down the chain keeps EXECUTE', async () => {
    const e = await open();
    expect(warnings.filter((w) => w.includes('public.bad_chain()'))).toHaveLength(1);
    expect(await fails(e, 'select public.bad_chain()')).toMatchObject({ sqlstate: '42501' });
    expect(
      await rows(
        e,
        `select r, has_function_privilege(r, 'public.bad_chain()', 'execute')
           from unnest(array['pg_monitor', 'pg_read_all_stats', 'dynascope_user']) r order by r`,
      ),
    ).toEqual([
      ['dynascope_user', false],
      ['pg_monitor', false],
      ['pg_read_all_stats', false],
    ]);
  });
});

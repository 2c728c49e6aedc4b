import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { ok, rows } from '../../test/support/harness';
import { createTestDatabase } from '../../test/support/pg-database';
import { onHostUnchecked } from '../../test/support/unchecked-host';

/**
 * API processes starting at once on one PostgreSQL database take turns on the work an open does to
 * the host's catalog as its owner (catalog/bootstrap.ts withBootstrapLock): the grant of set_config,
 * the quarantine of older bodies and the scrub of older key options. Without the turns, two grants
 * of one function at once failed one start with Postgres's 'tuple concurrently updated' (CI, stop 52),
 * and two scrubs of one option failed the later one (the option was gone).
 */
describe('engines opening at once on one PostgreSQL database', () => {
  const engines: Engine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.close()));
  });

  const openAtOnce = async (databaseUrl: string, count: number, warnings: string[]) => {
    const opened = await Promise.allSettled(
      Array.from({ length: count }, () =>
        Engine.open({ databaseUrl, vaultKey: 'shared-key', onWarning: (l) => warnings.push(l) }),
      ),
    );
    for (const o of opened) if (o.status === 'fulfilled') engines.push(o.value);
    return opened.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
  };

  it('all start on a database nobody set up, round after round', async () => {
    for (let round = 0; round < 8; round++) {
      const warnings: string[] = [];
      expect(await openAtOnce(await createTestDatabase('template0'), 4, warnings)).toEqual([]);
      expect(warnings).toEqual([]);
      // Each may run set_config (granted once, by whichever came first).
      for (const e of engines)
        expect(await rows(e, "select set_config('application_name', 'x', false)")).toEqual([['x']]);
      await Promise.all(engines.splice(0).map((e) => e.close()));
    }
  });

  it('one of them quarantines an older body and drops an older key option; the others find nothing left', async () => {
    const url = await createTestDatabase();
    const first = await Engine.open({ databaseUrl: url, vaultKey: 'shared-key' });
    await ok(
      first,
      `create foreign data wrapper dynamodb_wrapper;
       create server legacy foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIALEGACY',
         aws_secret_access_key 'serverSecret', region 'us-east-1', endpoint_url 'http://127.0.0.1:9')`,
    );
    await first.close();
    await onHostUnchecked(
      { databaseUrl: url },
      `set role dynascope_user;
       create user mapping for public server legacy options (aws_secret_access_key 'LEGACYSECRET0001');
       create function public.older() returns int language plpgsql as $$ begin execute 'select 1'; return 1; end $$;
       reset role`,
    );
    const warnings: string[] = [];
    expect(await openAtOnce(url, 3, warnings)).toEqual([]);
    expect(warnings.map((w) => w.replace(/:.*/, '')).sort()).toEqual(['Dynascope', 'Dynascope']);
    expect(warnings.filter((w) => w.includes('dropped option aws_secret_access_key'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('quarantined function public.older()'))).toHaveLength(1);
    expect(await rows(engines[0]!, 'select umoptions from pg_user_mappings')).toEqual([[null]]);
    expect((await engines[1]!.execute('select public.older()')).error?.sqlstate).toBe('42501');
  });
});

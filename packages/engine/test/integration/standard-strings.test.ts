import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fails, ok, openTestEngine, rows } from '../support/harness';

/**
 * standard_conforming_strings stays on (host/statement-policy.ts). The engine checks statements and
 * bodies as libpg-query reads them, with it on; with it off the host read this function's body as
 * three statements, the middle one `set session authorization postgres`, and every session of the
 * embedded Postgres's one connection ran as its superuser (found by helper-122).
 */
describe('standard_conforming_strings', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await openTestEngine();
  });
  afterAll(() => engine?.close());

  const user = async (session: string) =>
    (await engine.execute('select current_user::text, session_user::text', { session })).statements[0]!.rows;

  it('cannot be turned off: the escape through a body stays a string', async () => {
    const set = await fails(engine, 'set standard_conforming_strings = off');
    expect(set).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied to set parameter "standard_conforming_strings"',
    });
    const body = String.raw`select 'a\', '; set session authorization postgres; select current_user::text --'`;
    await ok(engine, `create function esc() returns table (a text, b text) language sql as $f$${body}$f$`);
    // Read with standard_conforming_strings on, as the engine checked it: one SELECT of two strings.
    expect(await rows(engine, 'select * from esc()')).toEqual([
      ['a\\', '; set session authorization postgres; select current_user::text --'],
    ]);
    expect(await user('other')).toEqual([['dynascope_user', 'dynascope_user']]);
    const block = await fails(
      engine,
      `do $$ begin set local standard_conforming_strings = off; perform 'a\\', '; set session authorization postgres; perform 1; --'; end $$`,
    );
    expect(block.sqlstate).toBe('42501');
    expect(await user('other')).toEqual([['dynascope_user', 'dynascope_user']]);
  });

  it("a wire client's start-up option cannot turn it off either", async () => {
    const started = await engine.startSession('w1', [{ name: 'standard_conforming_strings', args: 'off' }]);
    expect(started.error).toMatchObject({ sqlstate: '42501' });
    expect(
      (await engine.execute('show standard_conforming_strings', { session: 'w1' })).statements[0]!.rows,
    ).toEqual([['on']]);
  });
});

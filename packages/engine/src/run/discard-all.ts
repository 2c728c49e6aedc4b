import { EngineError } from '../errors';
import { CATALOG_CHANNEL } from '../host/catalog-notify';
import type { StatementContext } from './context';
import { closeHeldCursors, deallocateInHost } from './host-names';
import { dropTempObjects, tempObjects } from '../session/temp-objects';

/**
 * `DISCARD ALL`, as Postgres defines it — CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL;
 * DEALLOCATE ALL; UNLISTEN *; SELECT pg_advisory_unlock_all(); DISCARD PLANS; DISCARD TEMP;
 * DISCARD SEQUENCES — scoped to the session, whose host connection may be one every session shares
 * (PGlite):
 * - CLOSE ALL: its cursors, those the engine keeps (over foreign tables) and the host cursors it
 *   declared WITH HOLD (named-statements.ts); not the engine's result cursors (`cursor` in an answer).
 * - SET SESSION AUTHORIZATION DEFAULT would go back to the host's login, its superuser: the session
 *   stays the user role. Its other effect, the current role back to the session's, is RESET ROLE.
 * - RESET ALL: the session's settings (the ones it SET; on a shared connection only its own are in
 *   place while it runs), back to a wire client's start-up settings (session/startup-settings.ts).
 * - DEALLOCATE ALL: its prepared statements, the engine's and those the host keeps for it.
 * - DISCARD PLANS: the host's cached plans (on a shared connection every session's: they are made again).
 * - DISCARD TEMP: the session's temporary objects, not the engine's own (`__ds_…`, pooled between
 *   statements: other sessions' running statements read theirs) nor, on PGlite's one connection, the
 *   relations other sessions made (discardTemp).
 * - UNLISTEN *, pg_advisory_unlock_all() and DISCARD SEQUENCES only on a connection of the session's
 *   own (PostgreSQL): on a shared one they would end every session's LISTENs, advisory locks and
 *   currval. The engine's own LISTEN (catalog-notify.ts) is taken up again.
 * Inside a transaction block it is Postgres's 25001, nothing done.
 */
export async function discardAll(ctx: StatementContext): Promise<void> {
  if (ctx.host.inTransaction())
    throw new EngineError('25001', 'DISCARD ALL cannot run inside a transaction block');
  const { host, named } = ctx;
  const held = named.forgetHeldCursors();
  await named.close(null);
  await closeHeldCursors(host, held);
  const startup = ctx.startup.all();
  await host.exec(`reset all; reset role${startup ? `; ${startup}` : ''}`);
  await deallocateInHost(host, named.deallocate(null));
  await host.exec('discard plans');
  await discardTemp(ctx);
  if (named.sharedConnection) return;
  const listening = await host.query('select 1 from pg_catalog.pg_listening_channels() c where c = $1', [
    CATALOG_CHANNEL,
  ]);
  await host.exec(
    `unlisten *; ${listening.rows.length ? `listen ${CATALOG_CHANNEL};` : ''}` +
      'select pg_catalog.pg_advisory_unlock_all(); discard sequences',
  );
}

/**
 * `DISCARD TEMP` (and DISCARD ALL's part): the session's temporary objects but the engine's own —
 * tables (their sequences and views with them), views, sequences, types and domains, functions,
 * procedures and aggregates, operators, collations, text search objects (session/temp-objects.ts),
 * as Postgres drops its temp schema's contents. Postgres's would drop the engine's pooled tables
 * (`__ds_…`) too, other sessions' on PGlite's one connection. There, what other sessions made stays
 * (session/temp-owners.ts); what no session's statement made visibly (a function's body did) goes
 * whoever made it. In a block, ROLLBACK undoes it, as in Postgres.
 */
export async function discardTemp(ctx: StatementContext): Promise<void> {
  await dropTempObjects(ctx.host, await tempObjects(ctx.host, { allBut: ctx.otherSessionsTemps() }));
}

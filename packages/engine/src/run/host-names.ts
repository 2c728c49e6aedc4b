import { applySplices } from '../bind/splice';
import type { Host } from '../host/host';
import { quoteIdent } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import type { StatementContext } from './context';
import { userNamed } from './host-prepared-names';
import type { NamedStatements } from './named-statements';

/**
 * The host's side of the session's names (named-statements.ts): a PREPARE the host keeps, under the
 * session's host name; and what the session leaves on the host — prepared statements, cursors
 * declared WITH HOLD — given back by DEALLOCATE ALL, DISCARD ALL and the session's end.
 */

/**
 * `PREPARE foo AS select 1` of a statement the host keeps: prepared under a host name of the
 * session's (`prepare __dsp_s1_1 as select 1`). Postgres's errors, in the user's terms: the query's
 * own first, then 42P05 when the session has `foo` already.
 */
export async function prepareInHost(ctx: StatementContext, name: string, text: string): Promise<void> {
  const hostName = ctx.named.nextHostName();
  // The name: the token after PREPARE, past any comment (`prepare /* x */ p as ...`).
  const token = scanTokens(text).filter((t) => !t.tokenName.endsWith('COMMENT'))[1]!;
  const spliced = applySplices(text, [{ start: token.start, end: token.end, replacement: hostName }]);
  try {
    await ctx.host.query(spliced.text, [], (m) => ctx.notices.push(m));
  } catch (e) {
    throw userNamed(e, [{ name, hostName }], spliced.originalPosition);
  }
  try {
    ctx.named.keptByHost(name, hostName, text);
  } catch (e) {
    await deallocateInHost(ctx.host, [hostName]);
    throw e;
  }
}

/** DEALLOCATE of host-kept statements by their host names (one round trip; one by one if any is gone). */
export function deallocateInHost(host: Host, hostNames: readonly string[]): Promise<void> {
  return runEach(
    host,
    hostNames.map((n) => `deallocate ${quoteIdent(n)}`),
  );
}

/** Which of the session's WITH HOLD host cursors the host still has (a block that declared them ended). */
export async function openHeldCursors(host: Host, names: readonly string[]): Promise<string[]> {
  const r = await host.query('select name from pg_catalog.pg_cursors where name = any($1::text[])', [names]);
  return r.rows.map((row) => row[0]!);
}

/** CLOSE of the session's WITH HOLD host cursors. */
export function closeHeldCursors(host: Host, names: readonly string[]): Promise<void> {
  return runEach(
    host,
    names.map((n) => `close ${quoteIdent(n)}`),
  );
}

/**
 * The session ends: what the host keeps for it goes. A connection of its own (PostgreSQL) ends with
 * it anyway; PGlite's one connection would keep its statements and held cursors for ever. Its open
 * block is rolled back first (the host would end it next: see host-connections.ts), since nothing but
 * ROLLBACK runs in an aborted one.
 */
export async function releaseHostNames(host: Host, named: NamedStatements): Promise<void> {
  const cursors = named.forgetHeldCursors();
  const prepared = named.forgetHostKept();
  if (!cursors.length && !prepared.length) return;
  try {
    if (host.inTransaction()) await host.exec('rollback');
    await closeHeldCursors(host, cursors);
    await deallocateInHost(host, prepared);
  } catch {
    // A connection that ended has nothing left to give back.
  }
}

/** Runs statements that give something back: in one round trip, or one by one when one fails (it was gone). */
async function runEach(host: Host, statements: readonly string[]): Promise<void> {
  if (!statements.length) return;
  try {
    await host.exec(statements.join('; '));
  } catch {
    for (const s of statements) await host.query(s).catch(() => undefined);
  }
}

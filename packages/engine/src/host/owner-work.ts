import type { Host } from './host';
import { ENTER_USER_ROLE } from './user-role';
import { quoteIdent } from '../parse/ast';

/** The calls of one connection that the engine's own work and transactions are made of. */
type Connection = Pick<Host, 'query' | 'exec' | 'inTransaction'>;

/**
 * Runs `fn` as the connection's owner (the superuser it logged in as) with a search_path of
 * pg_catalog only, then returns to the user role and the search_path it found. When the return
 * fails outside a transaction (whose rollback would restore the role), `stuck` ends the connection:
 * user SQL must never run as the owner.
 */
export async function asOwnerOf<T>(
  connection: Connection,
  owner: string,
  fn: () => Promise<T>,
  stuck: (e: unknown) => Promise<void>,
): Promise<T> {
  const searchPath = (await connection.query("select pg_catalog.current_setting('search_path')"))
    .rows[0]![0]!;
  await connection.exec(
    `set session authorization ${quoteIdent(owner)}; set search_path = pg_catalog, pg_temp`,
  );
  try {
    return await fn();
  } finally {
    try {
      await connection.query("select pg_catalog.set_config('search_path', $1, false)", [searchPath]);
      await connection.exec(ENTER_USER_ROLE);
    } catch (e) {
      if (!connection.inTransaction()) await stuck(e);
    }
  }
}

/**
 * Runs `fn` as `role`, a non-superuser — by SET SESSION AUTHORIZATION, so that SQL running inside it
 * (a default, a trigger) cannot RESET ROLE back to the superuser the connection logged in as — then
 * returns to the user role, with `stuck` as in asOwnerOf. The search_path stays the user's, as in
 * the user's own statements. The engine's COPY on PGlite runs as COPY_ROLE this way.
 */
export async function asRoleOf<T>(
  connection: Connection,
  role: string,
  fn: () => Promise<T>,
  stuck: (e: unknown) => Promise<void>,
): Promise<T> {
  await connection.exec(`set session authorization ${quoteIdent(role)}`);
  try {
    return await fn();
  } finally {
    try {
      // SQL that ran as `role` may have SET ROLE to a role of its own: SET SESSION AUTHORIZATION
      // ends that on PGlite 18 (copy-security.test.ts), RESET ROLE makes sure of it.
      await connection.exec(`${ENTER_USER_ROLE}; reset role`);
    } catch (e) {
      if (!connection.inTransaction()) await stuck(e);
    }
  }
}

/**
 * Runs `fn` inside a transaction — a savepoint named `savepoint` when one is open already — and
 * rolls back what it did if it throws.
 */
export async function inTransactionOf<T>(
  connection: Connection,
  savepoint: string,
  fn: () => Promise<T>,
): Promise<T> {
  const nested = connection.inTransaction();
  await connection.exec(nested ? `savepoint ${savepoint}` : 'begin');
  try {
    const value = await fn();
    await connection.exec(nested ? `release savepoint ${savepoint}` : 'commit');
    return value;
  } catch (e) {
    await connection.exec(nested ? `rollback to savepoint ${savepoint}` : 'rollback').catch(() => undefined);
    throw e;
  }
}

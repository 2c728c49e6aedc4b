import type { Host } from '../host/host';

/**
 * A SET or RESET that begins a statement of a function body: at the body's start (an SQL function),
 * or after `;`, BEGIN, THEN, ELSE or LOOP (PL/pgSQL), white space and comments between — not the SET
 * of `UPDATE t SET`, `DO UPDATE SET` or `ALTER ... SET`. And set_config, wherever it is called.
 */
export const SETS_IN_BODY = String.raw`(^|;|\m(begin|then|else|loop)\M)(\s|--[^\n]*\n|/\*([^*]|\*+[^*/])*\*+/)*(re)?set\M|\mset_config\M`;

/**
 * Whether code the host may run unseen in a statement's text (a function reached through a view, a
 * trigger, a default, an operator, a domain's CHECK) may change a session's settings or search_path:
 * some function outside pg_catalog and information_schema, in a language whose source is its text
 * (SQL, PL/pgSQL; not C or internal), whatever its owner, has a statement that SETs or RESETs, or
 * calls set_config (SETS_IN_BODY). Dynamic SQL is refused in the user's bodies (host/plpgsql-policy.ts);
 * a function's own `SET x = v` clause holds only while it runs. Every operator is pg_catalog's and the
 * pattern a parameter: a user's operator or standard_conforming_strings change nothing.
 *   create function f() ... $$ begin set dynascope.max_statement_rcu = 1; ... $$  → true
 *   create function g() ... $$ begin update t set v = v + 1; return new; end $$    → false
 */
export async function userCodeMaySet(host: Host): Promise<boolean> {
  const r = await host.query(
    `select exists (select from pg_catalog.pg_proc p
      where p.pronamespace operator(pg_catalog.<>) all ('{pg_catalog,information_schema}'::pg_catalog.regnamespace[])
        and p.prolang operator(pg_catalog.<>) all ('{12,13}'::pg_catalog.oid[])
        and p.prosrc operator(pg_catalog.~*) $1)`,
    [SETS_IN_BODY],
  );
  return r.rows[0]?.[0] !== 'f';
}

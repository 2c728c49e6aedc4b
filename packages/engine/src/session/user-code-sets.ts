import type { Host } from '../host/host';

/**
 * A SET or RESET that begins a statement of a function body: at the body's start (an SQL function),
 * or after `;`, BEGIN, THEN, ELSE or LOOP (PL/pgSQL), white space and comments between — not the SET
 * of `UPDATE t SET`, `DO UPDATE SET` or `ALTER ... SET`. And set_config (or a C function named after
 * it), dynamic SQL (EXECUTE: a DBA's body; the user's may hold none) and a Unicode-escaped name
 * (`U&"..."`), wherever they are.
 */
export const SETS_IN_BODY = String.raw`(^|;|\m(begin|then|else|loop)\M)(\s|--[^\n\r]*[\n\r]|/\*([^*]|\*+[^*/])*\*+/)*(re)?set\M|\mset_config|\mexecute\M|\mu&"`;

/** A comment inside a comment (Postgres nests them), which SETS_IN_BODY does not read past. */
const NESTED_COMMENT = String.raw`/\*([^*]|\*+[^*/])*/\*`;

/** The patterns BODY_MAY_SET takes as $1, $2 and $3. */
export const BODY_PATTERNS = [SETS_IN_BODY, NESTED_COMMENT, String.raw`\m(re)?set\M`] as const;

/** Whether a function's body `b.body` may SET: SETS_IN_BODY, or nested comments and any word SET or RESET. */
export const BODY_MAY_SET = `(b.body operator(pg_catalog.~*) $1
  or b.body operator(pg_catalog.~) $2 and b.body operator(pg_catalog.~*) $3)`;

/**
 * Whether code the host may run unseen in a statement's text (a function reached through a view, a
 * trigger, a default, an operator, a domain's CHECK) may change a session's settings or search_path:
 * some function outside pg_catalog and information_schema, whatever its owner and language, has a
 * body that may SET (BODY_MAY_SET; a SQL-standard body as Postgres prints it). Dynamic SQL is refused
 * in the user's bodies (host/plpgsql-policy.ts); a function's own `SET x = v` clause holds only while
 * it runs. Every operator is pg_catalog's and the patterns are parameters: a user's operator or
 * standard_conforming_strings change nothing. In a block under REPEATABLE READ or SERIALIZABLE the
 * catalog read is the block's snapshot, while Postgres runs the newest body another connection
 * committed: yes there.
 *   create function f() ... $$ begin set dynascope.max_statement_rcu = 1; ... $$  → true
 *   create function g() ... $$ begin update t set v = v + 1; return new; end $$    → false
 */
export async function userCodeMaySet(host: Host): Promise<boolean> {
  const r = await host.query(
    `select exists (select from pg_catalog.pg_proc p,
        lateral (select coalesce(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as body) b
      where p.pronamespace operator(pg_catalog.<>) all ('{pg_catalog,information_schema}'::pg_catalog.regnamespace[])
        and ${BODY_MAY_SET})
      or $4::pg_catalog.bool and pg_catalog.current_setting('transaction_isolation') operator(pg_catalog.<>) 'read committed'`,
    [...BODY_PATTERNS, String(host.inTransaction())],
  );
  return r.rows[0]?.[0] !== 'f';
}

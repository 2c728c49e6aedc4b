import { EngineError, SqlState } from '../errors';
import { parseScript } from '../parse/parse';
import type { Host } from './host';
import { refuseUnsafeStatement } from './statement-policy';
import { COPY_ROLE, QUARANTINE_ROLE, USER_ROLE } from './user-role';

/** A routine the user role owns: its signature (schema-qualified), language and full definition. */
export interface OwnedRoutine {
  readonly name: string;
  readonly language: string;
  /** `pg_get_functiondef`: the CREATE OR REPLACE statement that would make it again (sql and plpgsql only). */
  readonly definition: string | null;
}

/**
 * Every function and procedure owned by the user role (or by the role of PGlite's COPY, which user
 * code running inside it would make), outside the host's own schemas and an extension's members,
 * with its definition: one query, whatever their number. Aggregates are left out (what they run are
 * functions, checked themselves), and so are temp schemas (a session's).
 */
const OWNED_ROUTINES_SQL = `
select p.oid::regprocedure::text, l.lanname::text,
       case when l.lanname in ('sql', 'plpgsql') then pg_get_functiondef(p.oid) end
  from pg_proc p
  join pg_language l on l.oid = p.prolang
  join pg_namespace n on n.oid = p.pronamespace
 where p.proowner in (select oid from pg_roles where rolname in ('${USER_ROLE}', '${COPY_ROLE}'))
   and p.prokind in ('f', 'p')
   and n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
   and not exists (select 1 from pg_depend d
                    where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
 order by 1`;

/**
 * Why the engine's checks (statement-policy.ts, plpgsql-policy.ts) refuse a routine as it stands, or
 * null when they take it: its definition goes through the same check as a CREATE FUNCTION the user
 * sends today. C and internal functions run no code the user wrote (only a superuser makes them);
 * any other language is refused, as its USAGE is (user-role.ts).
 *   plpgsql `begin execute 'select 1'; end` → "PL/pgSQL's EXECUTE is not allowed in Dynascope: ..."
 */
export function bodyRefusal(routine: OwnedRoutine): string | null {
  if (routine.language === 'c' || routine.language === 'internal') return null;
  if (routine.definition === null)
    return `its language ${routine.language} is not one Dynascope checks (sql and plpgsql are)`;
  try {
    for (const s of parseScript(routine.definition)) refuseUnsafeStatement(s.node, s.text);
    return null;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    // The policy's own words say what it refuses; another error (the PL/pgSQL compiler's 42601) may
    // quote the body, which stays out of the log.
    return e.sqlstate === SqlState.insufficientPrivilege
      ? e.message
      : `its body could not be checked (SQLSTATE ${e.sqlstate})`;
  }
}

/**
 * Runs when an engine opens, as the host's owner: every routine the user role owns whose body the
 * engine's checks now refuse — made by an older version, or on the host directly — is quarantined,
 * and `warn` says which and why. It is kept (never dropped: it is the user's), but owned by
 * QUARANTINE_ROLE with EXECUTE revoked from everyone else (PUBLIC, any role granted it) — so a
 * call is Postgres's 42501 and the user can neither grant it back nor replace it — and set to run as
 * that role, which no one can become, so that where Postgres runs a function without checking
 * EXECUTE (a trigger), or a grant by another grantor is left, it fails too (42501 permission denied
 * to set role). A quarantined routine is not the user role's any
 * more: the next open does not see it again. Returns how many routines were checked.
 *   bad() with `execute ...` → alter routine public.bad() owner to dynascope_quarantine; ...
 *     warn('Dynascope: quarantined function public.bad(): PL/pgSQL's EXECUTE is not allowed ...')
 */
export async function quarantineBodies(host: Host, warn: (line: string) => void): Promise<number> {
  return host.asOwner(async () => {
    const routines: OwnedRoutine[] = (await host.query(OWNED_ROUTINES_SQL)).rows.map((r) => ({
      name: r[0]!,
      language: r[1]!,
      definition: r[2] ?? null,
    }));
    for (const routine of routines) {
      const reason = bodyRefusal(routine);
      if (reason === null) continue;
      // Every grant goes (PUBLIC's, the user role's, any role's, and what a grantee passed on with a grant
      // option: CASCADE, else 'dependent privileges exist' and no open): only the quarantine role, the new owner, keeps EXECUTE.
      const grantees = await host.query(
        `select distinct case when a.grantee = 0 then 'public' else quote_ident(r.rolname) end
           from pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a left join pg_roles r on r.oid = a.grantee
          where p.oid = $1::regprocedure`,
        [routine.name],
      );
      const revoke = grantees.rows.length
        ? `; revoke all on routine ${routine.name} from ${grantees.rows.map((r) => r[0]!).join(', ')} cascade`
        : '';
      // One exec, one transaction: quarantined whole or not at all.
      await host.exec(
        `alter routine ${routine.name} owner to ${QUARANTINE_ROLE};
         alter routine ${routine.name} set role = ${QUARANTINE_ROLE}${revoke}`,
      );
      warn(
        oneLine`Dynascope: quarantined function ${routine.name}: ${reason}. The checks made when a function is created refuse its body now; it is kept, owned by ${QUARANTINE_ROLE}, and no one may run it (42501). A superuser of the host can read it (pg_get_functiondef) or drop it.`,
      );
    }
    return routines.length;
  });
}

/**
 * A template's text on one log line: a control character in what it interpolates (a quoted name may
 * hold a newline) is written as `\xNN`, so no name can forge a line of the log.
 *   oneLine`function ${'public."a\nb"()'}` → 'function public."a\x0ab"()'
 */
export function oneLine(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (line, s, i) =>
      line +
      s +
      (i < values.length
        ? values[i]!.replace(
            // eslint-disable-next-line no-control-regex
            /[\u0000-\u001f\u007f]/g,
            (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
          )
        : ''),
    '',
  );
}

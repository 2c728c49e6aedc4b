import type { Host } from '../host/host';
import type { StatementPlan } from '../plan/statement/statement-plan';
import type { StatementContext } from './context';
import { hostError } from './host-error';

/** Postgres's `unknown`: a parameter whose type nothing around it decides. */
const UNKNOWN = 705;

/** A declared `unknown` is left open, as Postgres leaves it: inferred like an undeclared one. */
const open = (oid: number | undefined) => (oid === UNKNOWN ? 0 : (oid ?? 0));

/** What a PREPARE is planned with: the context, and its declared parameter types' oids. */
export interface DeclaredTypes {
  readonly ctx: StatementContext;
  /** The declared types' oids (`unknown` as 705), resolved once. */
  readonly oids: () => Promise<number[]>;
}

/**
 * The context a PREPARE over foreign tables is planned in: the host describes its statements with
 * the declared parameter types, as Postgres analyses a PREPARE's query with them —
 *   `prepare p (int) as select * from items where $1 is not null` → described with [23]
 *   (without them: 42P18 could not determine data type of parameter $1).
 * The names are resolved at the first describe (a statement the host keeps is never described here:
 * the host reports its own errors), and it plans with the plan cache of those declared types: the
 * same rewritten text described with other types, or none, has other types.
 */
export function withDeclaredTypes(ctx: StatementContext, declared: readonly string[]): DeclaredTypes {
  if (!declared.length) return { ctx, oids: () => Promise.resolve([]) };
  let resolved: Promise<number[]> | undefined;
  const oids = () => (resolved ??= declaredOids(ctx, declared));
  const host = describingWith(ctx.host, async () => (await oids()).map(open));
  return { ctx: { ...ctx, host, planCache: ctx.declaredPlanCache(declared) }, oids };
}

/** `host`, whose describe declares `paramTypes()` unless the caller declares its own. */
export function describingWith(host: Host, paramTypes: () => Promise<readonly number[]>): Host {
  return {
    query: (sql, params, onNotice) => host.query(sql, params, onNotice),
    copyBlob: (sql, input) => host.copyBlob(sql, input),
    describe: async (sql, given) => host.describe(sql, given ?? (await paramTypes())),
    exec: (sql) => host.exec(sql),
    inTransaction: () => host.inTransaction(),
    asOwner: (fn) => host.asOwner(fn),
    transaction: (fn) => host.transaction(fn),
    close: () => host.close(),
  };
}

/** A PREPAREd statement's types: parameters' by name (EXECUTE's casts) and oid (its checks), result columns'. */
export interface PreparedTypes {
  readonly paramTypes: string[];
  readonly paramOids: number[];
  readonly resultTypes: number[] | null;
}

/**
 * A PREPARE the engine keeps (over foreign tables): each parameter's type as Postgres gives it — as
 * declared (`unknown` declared is left open), else as the host infers it from the statement over the
 * temp tables (the same Parse and Describe that type-checked it) — and its result columns' types.
 * What `pg_prepared_statements` lists and the wire protocol's ParameterDescription says, and what
 * EXECUTE casts each argument to:
 *   `prepare q as select * from orders where customer_id = $1 limit $2` → ['pg_catalog.text', 'pg_catalog.int8']
 *   `prepare q (int) as insert into t (id, name) values ($1, $2)` → ['pg_catalog.int4', 'pg_catalog.text'] (the columns')
 * Each type is named by its schema, as the host resolved it when prepared: a later search_path does
 * not change it, and a cast to `pg_catalog.bpchar` keeps the whole value (one to `character` would cut
 * it to one character); a declared typmod is dropped, as Postgres's parameters have none. A declared
 * name that is no type fails the PREPARE (42704), as in Postgres.
 * A write (or a statement through SQL functions, host-only here) is described now, its plan did not:
 * inside a transaction block in a savepoint, so an error cannot abort the block. Where the host cannot
 * tell, a type stays '' (an untyped literal at EXECUTE). `declared` is withDeclaredTypes', whose
 * context `ctx` is.
 */
export async function preparedTypes(
  ctx: StatementContext,
  plan: StatementPlan,
  declared: DeclaredTypes,
): Promise<PreparedTypes> {
  const text = plan.rewritten.text;
  const describe = () => ctx.planCache.describe(ctx.host, text);
  const given = (await declared.oids()).map(open);
  const described = await (
    (plan.shape === 'write' || plan.shape === 'host-only') && ctx.host.inTransaction()
      ? ctx.host.transaction(describe)
      : describe()
  ).catch(() => null);
  const inferred = (described?.paramTypes ?? []).map(open);
  const count = Math.max(given.length, inferred.length);
  const oids = Array.from({ length: count }, (_, i) => given[i] || inferred[i] || 0);
  const names = await ctx.types.qualifiedNames(oids);
  const fields = described?.fields ?? [];
  return {
    paramTypes: names.map((n) => n || ''),
    paramOids: oids,
    resultTypes: fields.length ? fields.map((f) => f.typeId) : null,
  };
}

/**
 * The oids of declared parameter types, as the host resolves their names now: `['int', 'mood']` →
 * [23, 16385]. Names SQL's grammar itself gives a type (keywords, as the wire protocol's Parse
 * declares them: `integer`, `character varying`) need no host call: no search_path can change them.
 */
async function declaredOids(ctx: StatementContext, declared: readonly string[]): Promise<number[]> {
  const keywords = declared.map(
    (d) =>
      KEYWORD_TYPES[
        d
          .trim()
          .toLowerCase()
          .replace(/\s*\(.*\)$/, '')
      ],
  );
  if (keywords.every((oid) => oid !== undefined)) return keywords as number[];
  try {
    const r = await ctx.host.query(
      'select t::pg_catalog.regtype::pg_catalog.oid::int from pg_catalog.unnest($1::text[]) with ordinality as u(t, i) order by i',
      [declared],
    );
    return r.rows.map((row) => Number(row[0]));
  } catch (e) {
    throw hostError(e);
  }
}

/** Type names that are SQL keywords (gram.y's), by the oid each always means; `unknown` as the wire declares a type left open. */
const KEYWORD_TYPES: Readonly<Record<string, number>> = {
  boolean: 16,
  bigint: 20,
  smallint: 21,
  int: 23,
  integer: 23,
  real: 700,
  'double precision': 701,
  character: 1042,
  char: 1042,
  'character varying': 1043,
  varchar: 1043,
  'timestamp without time zone': 1114,
  'timestamp with time zone': 1184,
  numeric: 1700,
  decimal: 1700,
  unknown: UNKNOWN,
};

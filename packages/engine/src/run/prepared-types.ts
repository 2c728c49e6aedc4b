import type { StatementPlan } from '../plan/statement/statement-plan';
import type { StatementContext } from './context';

/** Postgres's `unknown`: a parameter whose type nothing around it decides. */
const UNKNOWN = 705;

/**
 * A PREPARE the engine keeps (over foreign tables): each parameter's type as Postgres gives it — as
 * declared, else as the host infers it from the statement over the temp tables (the same Parse and
 * Describe that type-checked it) — and its result columns' types. What `pg_prepared_statements` lists
 * and the wire protocol's ParameterDescription says, and what EXECUTE casts each argument to, as
 * Postgres binds it:
 *   `prepare q as select * from orders where customer_id = $1 limit $2` → ['pg_catalog.text', 'pg_catalog.int8']
 *   `prepare q (int) as insert into t (id, name) values ($1, $2)` → ['int', 'pg_catalog.text'] (the columns')
 * An inferred type is named with its schema: a cast to `pg_catalog.bpchar` keeps the whole value, one
 * to `character` would cut it to one character.
 * A write (or a statement through SQL functions, host-only here) is described now, its plan did not:
 * inside a transaction block in a savepoint, so an error cannot abort the block. Where the host cannot tell, a type stays '' (an untyped literal at EXECUTE).
 */
export async function preparedTypes(
  ctx: StatementContext,
  plan: StatementPlan,
  declared: readonly string[],
): Promise<{ paramTypes: string[]; resultTypes: number[] | null }> {
  const text = plan.rewritten.text;
  const describe = () => ctx.planCache.describe(ctx.host, text);
  const described = await (
    (plan.shape === 'write' || plan.shape === 'host-only') && ctx.host.inTransaction()
      ? ctx.host.transaction(describe)
      : describe()
  ).catch(() => null);
  const inferred = (described?.paramTypes ?? []).map((oid) => (oid === UNKNOWN ? 0 : oid));
  const fields = described?.fields ?? [];
  const names = await ctx.types.qualifiedNames(inferred);
  const count = Math.max(declared.length, inferred.length);
  const paramTypes = Array.from({ length: count }, (_, i) => declared[i] || names[i] || '');
  return { paramTypes, resultTypes: fields.length ? fields.map((f) => f.typeId) : null };
}

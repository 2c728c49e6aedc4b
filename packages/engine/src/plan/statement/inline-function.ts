import type { Host } from '../../host/host';
import { as, quoteIdent } from '../../parse/ast';

/** A parameter or an output column of a function: its name (null when it has none) and `format_type`. */
export interface Typed {
  readonly name: string | null;
  readonly type: string;
}

/**
 * What reading a set-returning SQL function inline takes: its input parameters and output columns
 * (`scalar`: one column, named after the call, as a function returning a base type is in FROM).
 */
export interface InlineShape {
  /** With the expression of each one's default, if it has one (pg_get_function_arg_default). */
  readonly inputs: readonly (Typed & { readonly default: string | null })[];
  readonly outputs: readonly Typed[];
  readonly scalar: boolean;
}

/**
 * The shape of a function Postgres itself would inline where it stands in FROM
 * (inline_set_returning_function): a SQL function returning a set, not VOLATILE, STRICT or SECURITY
 * DEFINER, without SET clauses, VARIADIC, polymorphic types, a domain result or `setof record` without
 * OUT columns. Null for any other (whose body the host runs as a function, with its own rules).
 */
export async function inlineShape(host: Host, oid: number): Promise<InlineShape | null> {
  const r = await host.query(
    `select p.prolang = (select oid from pg_catalog.pg_language where lanname = 'sql') and p.prokind = 'f'
            and p.proretset and not p.prosecdef and p.provolatile <> 'v' and not p.proisstrict
            and p.proconfig is null and p.provariadic = 0 and t.typtype <> 'd',
            (select pg_catalog.json_agg(pg_catalog.json_build_array(a.n, pg_catalog.format_type(a.t, null), a.m,
                      pg_catalog.pg_get_function_arg_default(p.oid, a.i::int)) order by a.i)
               from rows from (pg_catalog.unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])),
                               pg_catalog.unnest(coalesce(p.proargmodes, pg_catalog.array_fill('i'::"char", array[p.pronargs::int]))),
                               pg_catalog.unnest(p.proargnames)) with ordinality a(t, m, n, i))::text,
            (select pg_catalog.json_agg(pg_catalog.json_build_array(attname, pg_catalog.format_type(atttypid, null)) order by attnum)
               from pg_catalog.pg_attribute where attrelid = t.typrelid and attnum > 0 and not attisdropped)::text,
            pg_catalog.format_type(p.prorettype, null), p.prorettype = 'pg_catalog.record'::pg_catalog.regtype
       from pg_catalog.pg_proc p join pg_catalog.pg_type t on t.oid = p.prorettype
      where p.oid = $1`,
    [oid],
  );
  const row = r.rows[0];
  if (row?.[0] !== 't') return null;
  const args = JSON.parse(row[1] ?? '[]') as [string | null, string, string, string | null][];
  const typed = (a: [string | null, string, ...unknown[]]): Typed => ({ name: a[0] || null, type: a[1] });
  const inputs = args
    .filter((a) => a[2] === 'i' || a[2] === 'b')
    .map((a) => ({ ...typed(a), default: a[3] ?? null }));
  const out = args.filter((a) => a[2] === 'o' || a[2] === 'b' || a[2] === 't').map(typed);
  const columns = (JSON.parse(row[2] ?? 'null') as [string, string][] | null)?.map(typed);
  const shape = out.length
    ? { inputs, outputs: out, scalar: false }
    : columns
      ? { inputs, outputs: columns, scalar: false }
      : row[4] === 't'
        ? null
        : { inputs, outputs: [{ name: null, type: row[3]! }], scalar: true };
  if (!shape || [...shape.inputs, ...shape.outputs].some((p) => /^any/.test(p.type))) return null;
  if (!shape.scalar && shape.outputs.some((o) => !o.name)) return null;
  return shape;
}

/** A function call standing alone in FROM: `from f(1)`, `from lateral f(t.a) as x(b)`. */
export interface FromCall {
  readonly lateral: boolean;
  /** The alias's name, if it has one. */
  readonly alias: string | null;
  /** Whether Postgres could inline it there: no ORDINALITY, ROWS FROM or column definition list. */
  readonly plain: boolean;
}

/** The calls that stand as FROM items, by the location of their FuncCall. */
export function fromCalls(ast: unknown): Map<number, FromCall> {
  const out = new Map<number, FromCall>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const from = as(node, 'RangeFunction');
    const items = from?.functions?.length === 1 ? as(from.functions[0], 'List')?.items : undefined;
    const call = as(items?.[0], 'FuncCall');
    if (from && call?.location !== undefined) {
      out.set(call.location, {
        lateral: from.lateral === true,
        alias: from.alias?.aliasname ?? null,
        plain:
          !from.ordinality && !from.is_rowsfrom && !from.coldeflist && !Object.keys(items?.[1] ?? {}).length,
      });
    }
    Object.values(node).forEach(visit);
  };
  visit(ast);
  return out;
}

/**
 * A call's argument for each parameter, as Postgres fills them in: by position, then by name
 * (`name => value`), then the defaults; `constant` when it is written as one. Null when one is
 * missing or given twice, or a name is none of the parameters'.
 */
export function callArguments(
  shape: InlineShape,
  args: readonly unknown[],
  textOf: (node: unknown) => string,
): { readonly text: string; readonly constant: boolean }[] | null {
  const given: (unknown | undefined)[] = [];
  for (const [i, a] of args.entries()) {
    const named = as(a, 'NamedArgExpr');
    const at = named ? shape.inputs.findIndex((p) => p.name === named.name) : i;
    if (at < 0 || at >= shape.inputs.length || given[at] !== undefined) return null;
    given[at] = named ? named.arg : a;
  }
  const out = [];
  for (const [i, p] of shape.inputs.entries()) {
    const node = given[i];
    if (node === undefined && p.default === null) return null;
    const constant =
      node !== undefined && !!(as(node, 'A_Const') ?? as(as(node, 'TypeCast')?.arg, 'A_Const'));
    out.push({ text: node === undefined ? p.default! : textOf(node), constant });
  }
  return out;
}

/** The name a parameter is read by in the inlined text: `__ds_args."p1"`. */
export function inlinedParameter(index: number): string {
  return `${ARGS}.${quoteIdent(`p${index + 1}`)}`;
}

const ARGS = '__ds_args';
const BODY = '__ds_body';

/**
 * A call of a set-returning SQL function read inline, as Postgres inlines it: its body (`body`, the
 * parameters read as inlinedParameter names) as a subquery, each argument evaluated once per call in
 * a VALUES row of the parameters' types, and the body's columns as the function's, cast to their
 * declared types and named as the function names them (a scalar one after the call: `name`):
 *   select * from ft_from(2)   -- returns setof ft as $$ select * from ft where v >= lo $$
 *   → select * from lateral (select __ds_body."c1"::text AS "id", __ds_body."c2"::integer AS "v"
 *       from (values ((2)::integer)) __ds_args("p1") cross join lateral
 *       (select * from ft where v >= (__ds_args."p1")::integer) __ds_body("c1", "c2")) AS "ft_from"
 * (the alias is the caller's). `lateral`: the call was written after LATERAL already.
 */
export function inlinedCallSql(
  shape: InlineShape,
  args: readonly string[],
  body: string,
  name: string,
  lateral: boolean,
): string {
  const column = (i: number) => quoteIdent(`c${i + 1}`);
  const select = shape.outputs
    .map((o, i) => `${BODY}.${column(i)}::${o.type} AS ${quoteIdent(shape.scalar ? name : o.name!)}`)
    .join(', ');
  const values = args.length
    ? `(values (${args.map((a, i) => `(${a})::${shape.inputs[i]!.type}`).join(', ')})) ${ARGS}(${args.map((_, i) => quoteIdent(`p${i + 1}`)).join(', ')}) cross join lateral `
    : '';
  const columns = shape.outputs.map((_, i) => column(i)).join(', ');
  return `${lateral ? '' : 'lateral '}(select ${select} from ${values}(${body}) ${BODY}(${columns}))`;
}

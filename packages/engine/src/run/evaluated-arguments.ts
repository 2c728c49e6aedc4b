import { as, names, walk } from '../parse/ast';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import type { ArgumentTexts } from './parameter-expressions';

/**
 * Postgres's volatile functions whose call has no effect a transaction would undo or keep: evaluated
 * in a query of their own, they give what the EXECUTE would have (a sequence's nextval is not undone
 * by a rollback either).
 */
const ONCE = new Set([
  'random',
  'nextval',
  'currval',
  'lastval',
  'setval',
  'gen_random_uuid',
  'clock_timestamp',
  'timeofday',
]);
/** Operators an evaluated argument may apply (pg_catalog's, over the types those functions give). */
const OPERATORS = new Set(['+', '-', '*', '/', '%', '||']);
/** Node kinds an evaluated argument may hold: calls of ONCE, constants, operators, casts, arrays. */
const NODES = new Set(['A_Const', 'FuncCall', 'A_Expr', 'TypeCast', 'A_ArrayExpr', 'String']);

/** Types whose text output reads back as the same value under any setting (and their arrays'). */
const EXACT_TEXT = new Map([
  [16, 1000], // bool
  [17, 1001], // bytea (hex or escape)
  [19, 1003], // name
  [20, 1016], // int8
  [21, 1005], // int2
  [23, 1007], // int4
  [25, 1009], // text
  [26, 1028], // oid
  [114, 199], // json
  [1042, 1014], // bpchar
  [1043, 1015], // varchar
  [1700, 1231], // numeric
  [2950, 2951], // uuid
  [3802, 3807], // jsonb
]);
/** Floats: their text is exact with extra_float_digits ≥ 1 (the default), rounded below. */
const FLOATS = new Map([
  [700, 1021],
  [701, 1022],
]);
/** Dates and times: their text is exact under DateStyle ISO (numeric UTC offsets), not under the others. */
const DATETIMES = new Map([
  [1082, 1182], // date
  [1083, 1183], // time
  [1114, 1115], // timestamp
  [1184, 1185], // timestamptz
  [1266, 1270], // timetz
]);
const INTERVALS = new Map([[1186, 1187]]);

const of = (types: Map<number, number>) => new Set([...types.keys(), ...types.values()]);
const [EXACT, FLOAT, DATETIME, INTERVAL] = [EXACT_TEXT, FLOATS, DATETIMES, INTERVALS].map(of) as [
  Set<number>,
  Set<number>,
  Set<number>,
  Set<number>,
];

/**
 * The constants EXECUTE's arguments stand for where Postgres's evaluation of them once, before the
 * statement runs (EvaluateParams), differs from their text spliced into it; null for an argument
 * left as written. Spliced, `nextval('s')` would be evaluated once per row (or once per `$n` it
 * fills), advancing the sequence for every item a filter checks:
 *   prepare p (bigint) as select id from t where id >= $1
 *   execute p(nextval('s'))  → ["'3'::pg_catalog.int8"]   (the statement reads `id >= ('3'::pg_catalog.int8)::pg_catalog.int8`)
 *   execute p(2 + 1)         → [null]                       (nothing volatile: as written)
 * Only an argument made of nothing but calls of ONCE (`random()`, `nextval`, `gen_random_uuid()`,
 * `clock_timestamp()`, ... — unqualified with no function of that name in a schema on the search
 * path, or pg_catalog's), constants, arithmetic, casts and arrays is evaluated, each in a query of
 * its own: a user's function (volatile unless declared otherwise) may read a foreign table
 * (run/function-reads.ts rewrites those in the statement) or write the host's tables (a failing
 * statement would not undo it); a stable call (`now()`) is the statement's transaction's. And only
 * when the host describes its value as one whose text is exactly the value (integers, numeric, text,
 * uuid, bool, bytea, json, and arrays of them; floats with extra_float_digits ≥ 1; dates and times
 * under DateStyle ISO; intervals under IntervalStyle postgres), before it runs anything. The argument
 * is evaluated where the EXECUTE has it, so a position in an error is one in it.
 */
export async function evaluatedArguments(
  ctx: StatementContext,
  args: ArgumentTexts,
): Promise<(string | null)[]> {
  const candidates = args.nodes.map(onceCalls);
  const called = [...new Set(candidates.flatMap((c) => c ?? []))];
  if (!called.length) return args.nodes.map(() => null);
  const facts = await hostFacts(ctx, called);
  const exact = (type: number) =>
    EXACT.has(type) ||
    (FLOAT.has(type) && Number(facts.floatDigits) >= 1) ||
    (DATETIME.has(type) && /^ISO/i.test(facts.dateStyle)) ||
    (INTERVAL.has(type) && facts.intervalStyle === 'postgres');
  const out: (string | null)[] = [];
  for (const [i, calls] of candidates.entries()) {
    out.push(null);
    if (!calls?.length || calls.some((name) => facts.shadowed.has(name))) continue;
    // `execute p(1, nextval('s'))` → `select        nextval('s')`: the argument where the EXECUTE has it.
    const { start, end } = args.spans[i]!;
    const text = 'select'.padEnd(start, ' ') + args.executeText.slice(start, end);
    try {
      const [field, ...more] = (await ctx.host.describe(text)).fields;
      if (!field || more.length || !exact(field.typeId)) continue;
      const [typeName] = await ctx.types.qualifiedNames([field.typeId]);
      const value = (await ctx.host.query(text, [], (m) => ctx.notices.push(m))).rows[0]?.[0];
      if (typeName)
        out[i] = `${value === null || value === undefined ? 'NULL' : constant(value)}::${typeName}`;
    } catch (e) {
      throw hostError(e, (p) => p + args.offset);
    }
  }
  return out;
}

/**
 * The names of the ONCE functions an argument calls, when it holds nothing else that could act or
 * read: `nextval('s') + 1` → ['nextval'];  `nextval('s') + f()` → null;  `1 + 2` → [].
 */
function onceCalls(node: unknown): string[] | null {
  const calls: string[] = [];
  let other = false;
  walk(node, (kind, fields, at) => {
    if (!NODES.has(kind)) other = true;
    const call = as(at, 'FuncCall');
    if (call) {
      const parts = names(call.funcname);
      const plain =
        (parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog')) &&
        ONCE.has(parts.at(-1)!) &&
        !call.agg_order &&
        !call.agg_filter &&
        !call.over &&
        !call.agg_star &&
        !call.agg_distinct &&
        !call.func_variadic;
      if (plain) calls.push(parts.at(-1)!);
      else other = true;
    }
    const expr = as(at, 'A_Expr');
    if (expr) {
      const op = names(expr.name);
      if (expr.kind !== 'AEXPR_OP' || op.length !== 1 || !OPERATORS.has(op[0]!)) other = true;
    }
    if (kind === 'TypeCast' && names((fields.typeName as { names?: unknown } | undefined)?.names).length > 2)
      other = true;
  });
  return other ? null : calls;
}

/**
 * In one host query: the settings that decide whether a float's or a date's text is its value, and
 * which of these names a function of another schema on the search path also has (pg_temp's never
 * answer an unqualified call).
 */
async function hostFacts(
  ctx: StatementContext,
  called: readonly string[],
): Promise<{ floatDigits: string; dateStyle: string; intervalStyle: string; shadowed: Set<string> }> {
  const r = await ctx.host.query(
    `select pg_catalog.current_setting('extra_float_digits'), pg_catalog.current_setting('DateStyle'),
            pg_catalog.current_setting('IntervalStyle'),
            pg_catalog.array_to_json(array(
              select distinct p.proname::text
                from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
               where p.proname = any ($1::text[]) and n.nspname <> 'pg_catalog'
                 and n.oid <> pg_catalog.pg_my_temp_schema()
                 and n.nspname = any (pg_catalog.current_schemas(false))))::text`,
    [called],
  );
  const [floatDigits, dateStyle, intervalStyle, shadowed] = r.rows[0] ?? [];
  return {
    floatDigits: floatDigits ?? '',
    dateStyle: dateStyle ?? '',
    intervalStyle: intervalStyle ?? '',
    shadowed: new Set(JSON.parse(shadowed ?? '[]') as string[]),
  };
}

/** A value as a string constant, whatever standard_conforming_strings is: `it's` → `'it''s'`, `a\b` → `E'a\\b'`. */
function constant(value: string): string {
  const quoted = "'" + value.replace(/'/g, "''") + "'";
  return value.includes('\\') ? 'E' + quoted.replace(/\\/g, '\\\\') : quoted;
}

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
const NODES = new Set(['A_Const', 'FuncCall', 'A_Expr', 'TypeCast', 'A_ArrayExpr', 'String', 'Integer']);

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
 * under DateStyle ISO; intervals under IntervalStyle postgres), before it runs anything. Postgres
 * evaluates the arguments in order: past one that stays as written and calls anything, none is
 * evaluated apart (`p(next_id(), currval('s'))` reads what the first did); with a `.*` or a `$n`
 * in any (the statement refuses them, before anything runs), none is. An operator, a function or a
 * cast type of the user's on the search path keeps an argument as written, as does a string constant
 * anywhere but as a call's own argument (`'now'::timestamptz` is the statement's transaction's start).
 * Postgres coerces and folds every argument before it evaluates any: when the host cannot plan them
 * (`'abc'` for an integer, `1 / 0`), none is evaluated, and the statement refuses them as before. The
 * argument is evaluated where the EXECUTE has it, so a position in an error is one in it.
 */
export async function evaluatedArguments(
  ctx: StatementContext,
  args: ArgumentTexts,
  paramTypes: readonly string[],
): Promise<(string | null)[]> {
  const none = args.nodes.map(() => null);
  // A row expanded by `.*`, or a `$n`: the statement refuses the arguments, before anything runs.
  if (args.nodes.some(refusedLater)) return none;
  const parts = args.nodes.map(evaluable);
  const used = (pick: (e: Evaluable) => readonly string[]) => [
    ...new Set(parts.flatMap((e) => (e ? pick(e) : []))),
  ];
  const called = used((e) => e.calls);
  if (!called.length) return none;
  // Postgres coerces every argument and folds its constants before it evaluates any: an argument it
  // refuses then (`'abc'` for an integer, `1 / 0`) leaves all as written, for the statement to refuse.
  if (!(await planned(ctx, args, paramTypes))) return none;
  const facts = await hostFacts(
    ctx,
    called,
    used((e) => e.operators),
    used((e) => e.types),
  );
  const exact = (type: number) =>
    EXACT.has(type) ||
    (FLOAT.has(type) && Number(facts.floatDigits) >= 1) ||
    (DATETIME.has(type) && /^ISO/i.test(facts.dateStyle)) ||
    (INTERVAL.has(type) && facts.intervalStyle === 'postgres');
  const out: (string | null)[] = [...none];
  for (const [i, part] of parts.entries()) {
    // Postgres evaluates the arguments in order: past one that stays as written and may act or read
    // (a call), none is evaluated before it.
    if (!part) break;
    if (!part.calls.length) continue;
    if ([part.calls, part.operators, part.types].some((names) => names.some((n) => facts.refused.has(n))))
      break;
    // `execute p(1, nextval('s'))` → `select        nextval('s')`: the argument where the EXECUTE has it.
    const { start, end } = args.spans[i]!;
    const text = 'select'.padEnd(start, ' ') + args.executeText.slice(start, end);
    try {
      const [field, ...more] = (await ctx.host.describe(text)).fields;
      if (!field || more.length || !exact(field.typeId)) break;
      const [typeName] = await ctx.types.qualifiedNames([field.typeId]);
      if (!typeName) break;
      const value = (await ctx.host.query(text, [], (m) => ctx.notices.push(m))).rows[0]?.[0];
      out[i] = `${value === null || value === undefined ? 'NULL' : constant(value)}::${typeName}`;
    } catch (e) {
      throw hostError(e, (p) => p + args.offset);
    }
  }
  return out;
}

/** What an argument may be evaluated apart from: the ONCE functions it calls, its operators and cast types. */
interface Evaluable {
  readonly calls: readonly string[];
  readonly operators: readonly string[];
  /** Cast targets as written, unqualified (`::text`); pg_catalog's need no look-up. */
  readonly types: readonly string[];
}

/**
 * An argument that holds nothing but calls of ONCE, constants, operators of OPERATORS, casts and
 * arrays, or null: `nextval('s') + 1` → { calls: ['nextval'], operators: ['+'] };  `nextval('s') + f()` → null;
 * `1 + 2` → { calls: [] } (a constant).
 */
function evaluable(node: unknown): Evaluable | null {
  const calls: string[] = [];
  const operators: string[] = [];
  const types: string[] = [];
  let other = false;
  // A string constant only as a call's own argument (`nextval('s')`): cast, `'now'` is the time the
  // statement's transaction started, which a query of its own is not.
  const named = new Set<unknown>();
  walk(node, (_kind, _fields, at) => {
    for (const arg of as(at, 'FuncCall')?.args ?? []) named.add(arg);
  });
  walk(node, (kind, fields, at) => {
    if (!NODES.has(kind)) other = true;
    if (as(at, 'A_Const')?.sval && !named.has(at)) other = true;
    const call = as(at, 'FuncCall');
    if (call) {
      const name = names(call.funcname);
      const plain =
        (name.length === 1 || (name.length === 2 && name[0] === 'pg_catalog')) &&
        ONCE.has(name.at(-1)!) &&
        !call.agg_order &&
        !call.agg_filter &&
        !call.over &&
        !call.agg_star &&
        !call.agg_distinct &&
        !call.func_variadic;
      if (plain) calls.push(name.at(-1)!);
      else other = true;
    }
    const expr = as(at, 'A_Expr');
    if (expr) {
      const op = names(expr.name);
      if (expr.kind !== 'AEXPR_OP' || op.length !== 1 || !OPERATORS.has(op[0]!)) other = true;
      else operators.push(op[0]!);
    }
    if (kind === 'TypeCast') {
      const type = names((fields.typeName as { names?: unknown } | undefined)?.names);
      if (type.length === 1) types.push(type[0]!);
      else if (type.length !== 2 || type[0] !== 'pg_catalog') other = true;
    }
  });
  return other ? null : { calls, operators, types };
}

/**
 * Whether the host plans the arguments, each cast to its parameter's type, without an error (EXPLAIN:
 * nothing runs; inside a block, in a savepoint, so a refusal does not abort it).
 */
async function planned(
  ctx: StatementContext,
  args: ArgumentTexts,
  paramTypes: readonly string[],
): Promise<boolean> {
  const list = args.spans.map(({ start, end }, i) => {
    const text = args.executeText.slice(start, end);
    return paramTypes[i] ? `(${text})::${paramTypes[i]}` : `(${text})`;
  });
  try {
    await ctx.host.transaction(() => ctx.host.query(`explain (costs off) select ${list.join(', ')}`));
    return true;
  } catch {
    return false;
  }
}

/** Whether an argument holds what Postgres refuses in a parameter as it transforms it: a `.*`, a `$n`. */
function refusedLater(node: unknown): boolean {
  let refused = false;
  walk(node, (kind, _fields, at) => {
    if (kind === 'ParamRef' || as(at, 'A_Indirection')?.indirection?.some((n) => as(n, 'A_Star')))
      refused = true;
  });
  return refused;
}

/**
 * In one host query: the settings that decide whether a float's or a date's text is its value, and
 * the names that may not be pg_catalog's: a function or an operator of that name in another schema on
 * the search path (pg_temp's never answer an unqualified call), a cast type that is no type of
 * pg_catalog's (a domain's CHECK may call anything) or has a namesake there.
 */
async function hostFacts(
  ctx: StatementContext,
  called: readonly string[],
  operators: readonly string[],
  types: readonly string[],
): Promise<{ floatDigits: string; dateStyle: string; intervalStyle: string; refused: Set<string> }> {
  const r = await ctx.host.query(
    `with path as (
       select n.oid from pg_catalog.pg_namespace n
        where n.nspname = any (pg_catalog.current_schemas(false)) and n.nspname <> 'pg_catalog'
          and n.oid <> pg_catalog.pg_my_temp_schema())
     select pg_catalog.current_setting('extra_float_digits'), pg_catalog.current_setting('DateStyle'),
            pg_catalog.current_setting('IntervalStyle'),
            pg_catalog.array_to_json(array(
              select p.proname::text from pg_catalog.pg_proc p
               where p.proname = any ($1::text[]) and p.pronamespace in (select oid from path)
              union
              select o.oprname::text from pg_catalog.pg_operator o
               where o.oprname = any ($2::text[]) and o.oprnamespace in (select oid from path)
              union
              select t.name from pg_catalog.unnest($3::text[]) t(name)
               where not exists (select from pg_catalog.pg_type y
                                  where y.typname = t.name and y.typnamespace = 'pg_catalog'::pg_catalog.regnamespace
                                    and y.typtype <> 'd')
                  or exists (select from pg_catalog.pg_type y
                              where y.typname = t.name and y.typnamespace in (select oid from path))))::text`,
    [called, operators, types],
  );
  const [floatDigits, dateStyle, intervalStyle, refused] = r.rows[0] ?? [];
  return {
    floatDigits: floatDigits ?? '',
    dateStyle: dateStyle ?? '',
    intervalStyle: intervalStyle ?? '',
    refused: new Set(JSON.parse(refused ?? '[]') as string[]),
  };
}

/** A value as a string constant, whatever standard_conforming_strings is: `it's` → `'it''s'`, `a\b` → `E'a\\b'`. */
function constant(value: string): string {
  const quoted = "'" + value.replace(/'/g, "''") + "'";
  return value.includes('\\') ? 'E' + quoted.replace(/\\/g, '\\\\') : quoted;
}

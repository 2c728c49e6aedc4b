import { as, names, walk } from '../parse/ast';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import type { ArgumentTexts } from './parameter-expressions';

/** Types whose text output reads back as the same value under any setting. */
const EXACT_TEXT = new Set([
  16, // bool
  17, // bytea (hex or escape)
  19, // name
  20, // int8
  21, // int2
  23, // int4
  25, // text
  26, // oid
  114, // json
  1042, // bpchar
  1043, // varchar
  1700, // numeric
  2950, // uuid
  3802, // jsonb
]);
/** Floats: their text is exact with extra_float_digits ≥ 1 (the default), rounded below. */
const FLOATS = new Set([700, 701]);
/** Dates and times: their text is exact under DateStyle ISO (numeric UTC offsets), not under the others. */
const DATETIMES = new Set([1082, 1083, 1114, 1184, 1266]);
const INTERVAL = 1186;

/** The settings that decide whether a float's or a date's text is its value, read beside the arguments. */
const SETTINGS = [
  "pg_catalog.current_setting('extra_float_digits')",
  "pg_catalog.current_setting('DateStyle')",
  "pg_catalog.current_setting('IntervalStyle')",
];

/**
 * The constants EXECUTE's arguments that call one of Postgres's volatile functions stand for,
 * evaluated once before the statement runs, as Postgres evaluates every parameter (EvaluateParams);
 * null for an argument left as written. Spliced as written, such an argument would be evaluated once
 * per row (or once per `$n` it fills): `nextval('s')` would advance for every item a filter checks.
 *   prepare p (bigint) as select id from t where id >= $1
 *   execute p(nextval('s'))  → ["'3'::pg_catalog.int8"]   (the statement reads `id >= ('3'::pg_catalog.int8)::pg_catalog.int8`)
 *   execute p(2 + 1)         → [null]                       (nothing volatile: as written)
 * Only where evaluating apart is what Postgres does:
 *   - the call is pg_catalog's volatile function (`random()`, `nextval`, `gen_random_uuid()`,
 *     `clock_timestamp()`), and no other schema on the search path has a function of that name; a
 *     user's function (volatile unless declared otherwise) stays as written: it may read a foreign
 *     table (run/function-reads.ts rewrites those in the statement) or write the host's tables (the
 *     statement's failure would not undo it), and a stable one (`now()`) is the statement's
 *     transaction's, which a query of its own is not;
 *   - the value's text reads back as the same value: integers, numeric, text, uuid, bool, bytea,
 *     json; floats with extra_float_digits ≥ 1; dates and times under DateStyle ISO; intervals under
 *     IntervalStyle postgres. Anything else stays as written.
 * The arguments are evaluated where the EXECUTE has them, so a position in an error is one in it.
 */
export async function evaluatedArguments(
  ctx: StatementContext,
  args: ArgumentTexts,
): Promise<(string | null)[]> {
  const none = args.nodes.map(() => null);
  const calls = args.nodes.map(calledFunctions);
  if (!calls.some((c) => c.length)) return none;
  const volatile = await builtinVolatile(ctx, calls.flat());
  const evaluated = calls.map((c) => c.some((f) => volatile.has(key(f))));
  const first = evaluated.indexOf(true);
  if (first < 0) return none;
  const last = evaluated.lastIndexOf(true);
  const { executeText, spans, offset } = args;
  const from = spans[first]!.start;
  // `execute p(1, nextval('s'))` → `select        nextval('s'), <settings>`: each argument where the
  // EXECUTE has it, the settings after them.
  const text =
    'select'.padEnd(from, ' ') + executeText.slice(from, spans[last]!.end) + ', ' + SETTINGS.join(', ');
  let row: (string | null)[];
  let typeIds: number[];
  try {
    const r = await ctx.host.query(text, [], (m) => ctx.notices.push(m));
    row = r.rows[0] ?? [];
    typeIds = r.fields.map((f) => f.typeId);
  } catch (e) {
    throw hostError(e, (p) => p + offset);
  }
  const count = last - first + 1;
  // One column per argument (parameter-expressions.ts refuses a row expanded by `.*`).
  if (typeIds.length !== count + SETTINGS.length) return none;
  const [floatDigits, dateStyle, intervalStyle] = row.slice(count);
  const exact = (type: number) =>
    EXACT_TEXT.has(type) ||
    (FLOATS.has(type) && Number(floatDigits) >= 1) ||
    (DATETIMES.has(type) && /^ISO/i.test(dateStyle ?? '')) ||
    (type === INTERVAL && intervalStyle === 'postgres');
  const typeNames = await ctx.types.qualifiedNames(typeIds.slice(0, count));
  return args.nodes.map((_node, i) => {
    const at = i - first;
    if (!evaluated[i] || !exact(typeIds[at]!) || !typeNames[at]) return null;
    const value = row[at];
    return `${value === null || value === undefined ? 'NULL' : constant(value)}::${typeNames[at]}`;
  });
}

/** A function a call names: its schema when written, and its name. */
interface Called {
  readonly schema: string | null;
  readonly name: string;
}

const key = (f: Called) => `${f.schema ?? ''}.${f.name}`;

/** The functions an argument calls: `s.f(g(1))` → [{ s, f }, { null, g }]. */
function calledFunctions(node: unknown): Called[] {
  const out: Called[] = [];
  walk(node, (_kind, _fields, n) => {
    const call = as(n, 'FuncCall');
    if (!call) return;
    const parts = names(call.funcname);
    out.push({ schema: parts.length > 1 ? parts.at(-2)! : null, name: parts.at(-1)! });
  });
  return out;
}

/**
 * Which of these calls are of a volatile function of pg_catalog's: named so, or unqualified with no
 * function of that name in another schema on the search path (pg_temp's included).
 */
async function builtinVolatile(ctx: StatementContext, calls: readonly Called[]): Promise<Set<string>> {
  const r = await ctx.host.query(
    `select c->>0, c->>1 from pg_catalog.json_array_elements($1::json) c
      where coalesce(c->>0, 'pg_catalog') = 'pg_catalog'
        and exists (select from pg_catalog.pg_proc p
                     where p.proname = c->>1 and p.provolatile = 'v'
                       and p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace)
        and (c->>0 is not null or not exists (
              select from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
               where p.proname = c->>1 and n.nspname <> 'pg_catalog'
                 and n.nspname = any (pg_catalog.current_schemas(true))))`,
    [JSON.stringify(calls.map((f) => [f.schema, f.name]))],
  );
  return new Set(r.rows.map(([schema, name]) => key({ schema: schema ?? null, name: name! })));
}

/** A value as a string constant, whatever standard_conforming_strings is: `it's` → `'it''s'`, `a\b` → `E'a\\b'`. */
function constant(value: string): string {
  const quoted = "'" + value.replace(/'/g, "''") + "'";
  return value.includes('\\') ? 'E' + quoted.replace(/\\/g, '\\\\') : quoted;
}

import { as, names, walk } from '../parse/ast';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import type { ArgumentTexts } from './parameter-expressions';

/** Types a value of cannot be written back as a constant (`'(1,2)'::record` has no input). */
const PSEUDO_TYPES = new Set([
  705, // unknown
  2249, // record
  2287, // record[]
  2275, // cstring
  2278, // void
]);

/**
 * The constants EXECUTE's arguments that call a volatile function stand for, evaluated once before
 * the statement runs, as Postgres evaluates every parameter (EvaluateParams); null for an argument
 * left as written. Spliced as written, such an argument would be evaluated once per row (or once per
 * `$n` it fills): `nextval('s')` would advance for every row a filter checks.
 *   prepare p (bigint) as select id from t where id >= $1
 *   execute p(nextval('s'))  → ["'3'::pg_catalog.int8"]   (the statement then reads `id >= ('3'::pg_catalog.int8)::pg_catalog.int8`)
 *   execute p(2 + 1)         → [null]                       (nothing volatile: as written)
 * An argument is evaluated when a function it calls has a volatile version of that name in the
 * schema it names or on the search path (pg_proc.provolatile; overloads are not told apart). Only
 * those: a stable one (`now()`) is the statement's transaction's, which a query of its own is not.
 * The arguments are evaluated where the EXECUTE has them, so a position in an error is one in it.
 */
export async function evaluatedArguments(
  ctx: StatementContext,
  args: ArgumentTexts,
): Promise<(string | null)[]> {
  const calls = args.nodes.map(calledFunctions);
  if (!calls.some((c) => c.length)) return args.nodes.map(() => null);
  const volatile = await volatileNames(ctx, calls.flat());
  const evaluated = calls.map((c) => c.some((f) => volatile.has(key(f))));
  const first = evaluated.indexOf(true);
  if (first < 0) return args.nodes.map(() => null);
  const last = evaluated.lastIndexOf(true);
  const { executeText, spans, offset } = args;
  const from = spans[first]!.start;
  // `execute p(1, nextval('s'))` → `select        nextval('s')`: each argument where the EXECUTE has it.
  const text = 'select'.padEnd(from, ' ') + executeText.slice(from, spans[last]!.end);
  let row: (string | null)[];
  let typeIds: number[];
  try {
    const r = await ctx.host.query(text, [], (m) => ctx.notices.push(m));
    row = r.rows[0] ?? [];
    typeIds = r.fields.map((f) => f.typeId);
  } catch (e) {
    throw hostError(e, (p) => p + offset);
  }
  const typeNames = await ctx.types.qualifiedNames(typeIds);
  return args.nodes.map((_node, i) => {
    const at = i - first;
    if (!evaluated[i] || PSEUDO_TYPES.has(typeIds[at]!) || !typeNames[at]) return null;
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

/** Which of these functions have a volatile version, in the schema named or on the search path. */
async function volatileNames(ctx: StatementContext, calls: readonly Called[]): Promise<Set<string>> {
  const r = await ctx.host.query(
    `select c->>0, c->>1 from pg_catalog.json_array_elements($1::json) c
      where exists (select from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                     where p.proname = c->>1 and p.provolatile = 'v'
                       and case when c->>0 is null then n.nspname = any (pg_catalog.current_schemas(true))
                                else n.nspname = c->>0 end)`,
    [JSON.stringify(calls.map((f) => [f.schema, f.name]))],
  );
  return new Set(r.rows.map(([schema, name]) => key({ schema: schema ?? null, name: name! })));
}

/** A value as a string constant, whatever standard_conforming_strings is: `it's` → `'it''s'`, `a\b` → `E'a\\b'`. */
function constant(value: string): string {
  const quoted = "'" + value.replace(/'/g, "''") + "'";
  return value.includes('\\') ? 'E' + quoted.replace(/\\/g, '\\\\') : quoted;
}

import { EngineError } from '../errors';
import { walk } from '../parse/ast';
import type { StatementContext } from './context';
import { hostError } from './host-error';

/** An EXECUTE's arguments as parsed, where they are in its text, and where that text starts. */
export interface ArgumentTexts {
  readonly nodes: readonly unknown[];
  readonly spans: readonly { readonly start: number; readonly end: number }[];
  readonly executeText: string;
  /** Where the EXECUTE starts in the statement (EXPLAIN EXECUTE). */
  readonly offset: number;
}

/**
 * What Postgres refuses in an EXECUTE parameter (EXPR_KIND_EXECUTE_PARAMETER), with its words, and the
 * argument it is in — spliced into the statement, each would change what the statement computes
 * (`select $1 from t` with `count(*)` would aggregate):
 *   `execute p((select 1))`            → 0A000 cannot use subquery in EXECUTE parameter
 *   `execute p(count(*))`              → 42803 aggregate functions are not allowed in EXECUTE parameters
 *   `execute p(row_number() over ())`  → 42P20 window functions are not allowed in EXECUTE parameters
 *   `execute p(generate_series(1, 2))` → 0A000 set-returning functions are not allowed in EXECUTE parameters
 *   `execute p(grouping(1))`           → 42803 grouping operations are not allowed in EXECUTE parameters
 * A subquery is seen in the tree. Which function is an aggregate, a window or a set-returning one is
 * the host's to resolve: it describes the arguments in a WHERE, where it refuses the same calls with the
 * same SQLSTATEs and leaves subqueries be (only when an argument calls a function); any other error it
 * raises there (a function or column that does not exist) is Postgres's too. Postgres refuses the first
 * in its transformation's order: a subquery as it is reached, a call after its arguments (not its FILTER,
 * ORDER BY or OVER). So a subquery wins when it comes first in the text or lies in the refused call's
 * arguments. Postgres checks each argument's type after transforming it: bindArguments checks the
 * arguments before this one's first.
 */
export async function parameterRefusal(
  ctx: StatementContext,
  args: ArgumentTexts,
): Promise<{ readonly error: EngineError; readonly argument: number } | null> {
  let subquery: Located | null = null;
  let calls = false;
  for (const node of args.nodes)
    walk(node, (kind, fields, at) => {
      if (kind === 'SubLink' && !subquery) subquery = { node: at, location: location(fields) };
      if (CALLS.has(kind)) calls = true;
    });
  const refused = calls ? await hostRefusal(ctx, args) : null;
  const sub = subquery as Located | null;
  if (sub && (!refused || sub.location < refused.location || within(args.nodes, refused.location, sub.node)))
    return {
      error: new EngineError('0A000', 'cannot use subquery in EXECUTE parameter', {
        position: args.offset + sub.location + 1,
      }),
      argument: argumentAt(args, sub.location),
    };
  return refused && { error: refused.error, argument: argumentAt(args, refused.location) };
}

/** The nodes that may be a call the host refuses in a parameter (SQL/JSON's aggregates are their own nodes). */
const CALLS = new Set(['FuncCall', 'GroupingFunc', 'JsonArrayAgg', 'JsonObjectAgg']);

/** The argument a location (0-based in the EXECUTE's text) is in; the first when it is in none. */
function argumentAt(args: ArgumentTexts, at: number): number {
  const i = args.spans.findIndex((s) => at >= s.start && at < s.end);
  return i < 0 ? 0 : i;
}

interface Located {
  readonly node: unknown;
  /** 0-based, in the EXECUTE's text. */
  readonly location: number;
}

const WHERE = / in WHERE$/;

/**
 * The host's refusal of the arguments read in a WHERE (`select 1 where row(<arguments>) is null`):
 * an aggregate, window, set-returning call or GROUPING, its message said of EXECUTE parameters; any
 * other error as the host raises it (a function that does not exist). Null when it takes them.
 */
async function hostRefusal(
  ctx: StatementContext,
  args: ArgumentTexts,
): Promise<{ error: EngineError; location: number } | null> {
  const { executeText, spans, offset } = args;
  const from = spans[0]!.start;
  const prefix = 'select 1 where row(';
  const text = prefix + executeText.slice(from, spans.at(-1)!.end) + ') is null';
  try {
    await ctx.host.describe(text);
    return null;
  } catch (e) {
    // A position in the WHERE's text → 0-based in the EXECUTE's.
    const error = hostError(e, (p) => p - 1 - prefix.length + from + offset + 1);
    if (WHERE.test(error.message)) error.message = error.message.replace(WHERE, ' in EXECUTE parameters');
    return { error, location: error.position === undefined ? Infinity : error.position - 1 - offset };
  }
}

/**
 * Whether `inner` lies in the arguments of the call located at `callAt` (transformed before the call
 * is refused; its FILTER, ORDER BY and OVER are not).
 */
function within(nodes: readonly unknown[], callAt: number, inner: unknown): boolean {
  let found = false;
  for (const node of nodes)
    walk(node, (kind, fields) => {
      if (found || !CALLS.has(kind) || location(fields) !== callAt) return;
      walk((fields as { args?: unknown }).args, (_kind, _fields, n) => {
        if (n === inner) found = true;
      });
    });
  return found;
}

function location(fields: { location?: unknown }): number {
  return typeof fields.location === 'number' ? fields.location : -1;
}

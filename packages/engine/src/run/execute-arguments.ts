import { literalType } from '../bind/assignment-coercion';
import { executeArguments } from '../bind/statement-text';
import { EngineError } from '../errors';
import { walk } from '../parse/ast';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { evaluatedArguments } from './evaluated-arguments';
import { bindParameters, type BoundText, type PreparedText } from './named-statements';
import { parameterRefusal, type ArgumentTexts } from './parameter-expressions';

/** An EXECUTE's arguments: their trees and texts, and where the EXECUTE starts in the statement. */
interface Arguments extends ArgumentTexts {
  readonly texts: readonly string[];
}

/**
 * The text an EXECUTE of a statement the engine keeps runs: its arguments bound as Postgres binds
 * them (EvaluateParams). Each argument is coerced to its parameter's type as an assigned value is —
 * by an assignment or implicit cast, to a domain's base, by I/O to a string type, an untyped
 * literal (bind/assignment-coercion.ts) — and anything else is refused as Postgres refuses it,
 * before anything runs:
 *   prepare p (int) as select sk from items where sk = $1
 *   execute p(1.5)  → ... where sk = (1.5)::pg_catalog.int4   (numeric → int4: an assignment cast)
 *   execute p(true) → 42804 parameter $1 of type boolean cannot be coerced to the expected type integer
 * Then each `$n` is replaced by its argument cast to the parameter's type (bindParameters): the cast
 * is the one the assignment makes, and a constant argument stays a constant the planner pushes down.
 * A constant's type is known without the host (`1`: int4, `'a'`: unknown); the others' are the
 * host's description of the arguments, one call for all; each pair of types is checked against the
 * host's catalog once in a catalog epoch (run/assignment-casts.ts). With `evaluate` (a statement
 * run, not a plan asked for), an argument that calls a volatile function is bound as the constant it
 * evaluates to, once (run/evaluated-arguments.ts). `offset`: where the EXECUTE starts in the
 * statement (EXPLAIN EXECUTE).
 */
export async function bindArguments(
  ctx: StatementContext,
  name: string,
  prepared: PreparedText,
  executeText: string,
  nodes: readonly unknown[],
  offset: number,
  evaluate: boolean,
): Promise<BoundExecute> {
  const spans = executeArguments(executeText);
  const texts = spans.map((a) => executeText.slice(a.start, a.end));
  // The number of arguments is checked first, as Postgres checks it.
  const bound = boundExecute(bindParameters(name, prepared, texts), spans, offset, []);
  const args: Arguments = { nodes, spans, texts, executeText, offset };
  // What Postgres refuses in a parameter; the arguments before it are checked first, as it checks them.
  const refusal = nodes.length ? await parameterRefusal(ctx, args) : null;
  const count = refusal ? refusal.argument : nodes.length;
  const types = nodes.map(literalType);
  // Postgres checks the arguments in order: those before the first the host must type, then the rest.
  const described = types.findIndex((t, i) => i < count && t === null && prepared.paramOids[i]);
  await checkTypes(ctx, prepared, args, types, 0, described < 0 ? count : described);
  if (described >= 0) {
    const fields = await describedTypes(ctx, args, count);
    const all = types.map((t, i) => t ?? fields[i] ?? 0);
    await checkTypes(ctx, prepared, args, all, described, count);
  }
  if (refusal) throw refusal.error;
  if (!evaluate || !nodes.length) return bound;
  const constants = await evaluatedArguments(ctx, args, prepared.paramTypes);
  if (constants.every((c) => c === null)) return bound;
  const evaluated = texts.map((t, i) => constants[i] ?? t);
  return boundExecute(bindParameters(name, prepared, evaluated), spans, offset, constants);
}

/** A bound text whose positions map back to the EXECUTE's; one in an evaluated argument is its start. */
function boundExecute(
  text: BoundText,
  spans: readonly { readonly start: number }[],
  offset: number,
  constants: readonly (string | null)[],
): BoundExecute {
  return {
    text: text.text,
    position: (position) => {
      const at = position === undefined ? undefined : text.argumentAt(position);
      return at && offset + spans[at.argument]!.start + (constants[at.argument] ? 0 : at.offset) + 1;
    },
  };
}

/** An EXECUTE's statement text with its arguments bound. */
export interface BoundExecute {
  readonly text: string;
  /**
   * A position in the bound text → the same place in the EXECUTE's statement when it falls in an
   * argument (`execute p('abc')` of an integer: 22P02 at `'abc'`, as Postgres reports it); undefined
   * elsewhere (a place in the prepared text is none in the EXECUTE).
   */
  readonly position: (position: number | undefined) => number | undefined;
}

/** Refuses the first argument in [from, to) that its parameter's type does not take by assignment. */
async function checkTypes(
  ctx: StatementContext,
  prepared: PreparedText,
  args: Arguments,
  sources: readonly (number | null)[],
  from: number,
  to: number,
): Promise<void> {
  const checked: number[] = [];
  for (let i = from; i < to; i++) {
    const [source, target] = [sources[i] ?? 0, prepared.paramOids[i] ?? 0];
    if (source && target && source !== target) checked.push(i);
  }
  if (!checked.length) return;
  const pairs = checked.map((i) => [sources[i]!, prepared.paramOids[i]!] as const);
  const refused = (await ctx.assignmentCasts.assignable(ctx.host, pairs)).indexOf(false);
  if (refused < 0) return;
  const i = checked[refused]!;
  const [described, target] = pairs[refused]!;
  const source = literalType(args.nodes[i]) ?? (await ownType(ctx, args.texts[i]!, described));
  await ctx.types.resolve([source, target]);
  throw new EngineError(
    '42804',
    `parameter $${i + 1} of type ${ctx.types.name(source)} cannot be coerced to the expected type ${ctx.types.name(target)}`,
    {
      hint: 'You will need to rewrite or cast the expression.',
      position: args.offset + leftmost(args.nodes[i]) + 1,
    },
  );
}

/**
 * The first `count` arguments' types as the host describes them, read where the EXECUTE has them:
 *   `execute p(1, now())` → describe `select    1, now()` → [23, 1184]
 * so that an error's position in them is its position in the EXECUTE.
 */
async function describedTypes(ctx: StatementContext, args: Arguments, count: number): Promise<number[]> {
  const { executeText, spans, offset } = args;
  const from = spans[0]!.start;
  const text = 'select'.padEnd(from, ' ') + executeText.slice(from, spans[count - 1]!.end);
  try {
    return (await ctx.host.describe(text)).fields.map((f) => f.typeId);
  } catch (e) {
    throw hostError(e, (p) => p + offset);
  }
}

/**
 * An argument's own type where the host described it: a description tells a domain's base type
 * (`1::positive` → int4), an array of it does not (`array[1::positive]` → positive[]). Only for the
 * error's words: a domain is coerced as its base is. The described type when that cannot tell.
 */
async function ownType(ctx: StatementContext, text: string, described: number): Promise<number> {
  try {
    const [array] = (await ctx.host.describe(`select array[${text}]`)).fields;
    // An array argument's array is its own type (`array[array[1]]` is int4[]).
    if (!array || array.typeId === described) return described;
    const r = await ctx.host.query('select typelem::int from pg_catalog.pg_type where oid = $1', [
      array.typeId,
    ]);
    return Number(r.rows[0]?.[0]) || described;
  } catch {
    return described;
  }
}

/** Where an argument starts, as Postgres locates it (its leftmost located node): `(1) + 2` → at `1`. */
function leftmost(node: unknown): number {
  let at = Infinity;
  walk(node, (_kind, fields) => {
    if (typeof fields.location === 'number' && fields.location >= 0) at = Math.min(at, fields.location);
  });
  return at === Infinity ? 0 : at;
}

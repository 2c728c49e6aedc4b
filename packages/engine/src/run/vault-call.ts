import type { Node, SelectStmt } from '@pgsql/types';
import { as, names } from '../parse/ast';
import { constantOf } from '../bind/extract-predicate';

/**
 * The vault's functions the engine runs itself: their parameters' names in order (the host's stubs',
 * vault/vault.ts), and how many arguments each needs.
 */
const VAULT_FUNCTIONS = {
  create_secret: { min: 1, names: ['secret', 'name', 'description'] },
  update_secret: { min: 1, names: ['secret_id', 'new_secret', 'new_name', 'new_description'] },
} as const;

/** A call of vault.create_secret or vault.update_secret, its arguments as written. */
export interface VaultCall {
  readonly fn: keyof typeof VAULT_FUNCTIONS;
  readonly args: readonly (string | null)[];
  readonly column: string;
}

/**
 * `select vault.create_secret('s', 'name', 'desc') [as id]` or
 * `select vault.update_secret('<id or name>', 'new secret', 'new name', 'new desc')`, constant
 * arguments by position or named as Postgres takes them (`create_secret(secret => 's', name =>
 * 'k')`; one left out is NULL) — a string, NULL, or a string cast to text, as EXECUTE binds a parameter
 * (`('s')::pg_catalog.text`). Anything else is null: it goes to the host, whose stub refuses it (0A000).
 */
export function vaultCall(select: SelectStmt | undefined): VaultCall | null {
  const call = vaultCallShape(select);
  if (!call) return null;
  const args: (string | null)[] = [];
  for (const a of call.args) {
    if (a === undefined || as(a, 'A_Const')?.isnull) args.push(null);
    else {
      const text = stringOf(a);
      if (text === undefined) return null;
      args.push(text);
    }
  }
  if (args.length < VAULT_FUNCTIONS[call.fn].min || args[0] === null) return null;
  return { fn: call.fn, args, column: call.column };
}

/**
 * A vault call whose arguments are constants or parameters: `PREPARE p AS select
 * vault.create_secret($1, $2)`, what a driver's Parse of a bound secret is. The engine keeps such a
 * statement (run-statement.ts), so its EXECUTE runs as a vault call with the arguments bound; the
 * host would run `execute p('s3cr3t')` and, refusing it (its stub's 0A000), log the secret with it.
 */
export function preparesVaultCall(node: unknown): boolean {
  const call = vaultCallShape(as(node, 'SelectStmt'));
  return (
    call !== null &&
    call.args.every(
      (a) => a === undefined || as(a, 'ParamRef') || as(a, 'A_Const') || stringOf(a) !== undefined,
    )
  );
}

/** The call's arguments in its parameters' order (undefined where one is left out); null for a shape the engine does not run. */
function vaultCallShape(
  select: SelectStmt | undefined,
): { fn: keyof typeof VAULT_FUNCTIONS; args: readonly (Node | undefined)[]; column: string } | null {
  if (!select || select.fromClause || select.targetList?.length !== 1) return null;
  const target = as(select.targetList[0], 'ResTarget');
  const call = as(target?.val, 'FuncCall');
  const [schema, fn] = names(call?.funcname);
  if (!call || schema !== 'vault' || (fn !== 'create_secret' && fn !== 'update_secret')) return null;
  if (
    call.agg_order ||
    call.agg_filter ||
    call.over ||
    call.agg_star ||
    call.agg_distinct ||
    call.func_variadic
  )
    return null;
  const args = inOrder(call.args ?? [], VAULT_FUNCTIONS[fn].names);
  return args && { fn, args, column: target?.name ?? fn };
}

/**
 * Arguments by position, then named (Postgres's order), put in the parameters' order: null when a
 * name is not a parameter's, is given twice or names one a positional argument gave.
 *   (secret => $1, name => $2) → [$1, $2];  ('s', description => 'd') → ['s', undefined, 'd']
 */
function inOrder(args: readonly Node[], params: readonly string[]): (Node | undefined)[] | null {
  const out: (Node | undefined)[] = [];
  for (const [i, a] of args.entries()) {
    const named = as(a, 'NamedArgExpr');
    const at = named ? params.indexOf(named.name ?? '') : i;
    if (at < 0 || at >= params.length || out[at] !== undefined || (!named && out.length > i)) return null;
    out[at] = named ? named.arg : a;
  }
  return Array.from({ length: out.length }, (_, i) => out[i]);
}

/** A string constant, or one cast to text (`'s'::text`, `('s')::pg_catalog.text`); else undefined. */
function stringOf(node: Node): string | undefined {
  const cast = as(node, 'TypeCast');
  if (cast) {
    const type = names(cast.typeName?.names);
    const text = type.length === 1 ? type[0] === 'text' : type.join('.') === 'pg_catalog.text';
    return text && !cast.typeName?.arrayBounds?.length ? stringOf(cast.arg!) : undefined;
  }
  const c = constantOf(node);
  return c?.kind === 'string' ? String(c.value) : undefined;
}

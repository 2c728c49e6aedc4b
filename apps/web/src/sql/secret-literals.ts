import { meaningfulTokens, type SqlToken } from './scan-sql';
import { splitStatements } from './split-statements';

/** What a secret literal becomes in the editor once the vault holds it. */
export const REDACTED_LITERAL = "'********'";

/** The parameter that holds the secret, by position and by name, for each vault function. */
const SECRET_PARAM: Readonly<Record<string, { readonly position: number; readonly name: string }>> = {
  create_secret: { position: 0, name: 'new_secret' },
  update_secret: { position: 1, name: 'new_secret' },
};

const isName = (t: SqlToken | undefined): t is SqlToken => t?.kind === 'word' || t?.kind === 'quoted-ident';
const unquote = (t: SqlToken): string => (t.kind === 'quoted-ident' ? t.text.slice(1, -1).replaceAll('""', '"') : t.text.toLowerCase());
const isPunct = (t: SqlToken | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;

/** Splits the tokens after `(` into top-level arguments, up to the matching `)`. */
function callArguments(tokens: readonly SqlToken[], from: number): SqlToken[][] {
  const args: SqlToken[][] = [[]];
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) {
      if (depth === 0) return args;
      depth--;
    } else if (depth === 0 && isPunct(t, ',')) {
      args.push([]);
      continue;
    }
    args.at(-1)!.push(t);
  }
  return args;
}

/** An argument written `name => value` (or `name := value`): its name and value tokens. */
function namedArgument(arg: readonly SqlToken[]): { name: string; value: SqlToken[] } | null {
  const [name, a, b] = arg;
  if (!isName(name)) return null;
  if ((isPunct(a, '=') || isPunct(a, ':')) && (isPunct(b, '>') || isPunct(b, '='))) return { name: unquote(name), value: arg.slice(3) };
  return null;
}

/**
 * The string literals passed as the secret of `vault.create_secret` (first argument) and
 * `vault.update_secret` (second), positionally or as `new_secret => ...`; only an argument that is
 * exactly one literal counts, and one already redacted does not.
 * `select vault.create_secret('AKIA…', 'key')` → [the token `'AKIA…'`, at its offsets].
 */
export function secretLiterals(sql: string): SqlToken[] {
  const tokens = meaningfulTokens(sql);
  const found: SqlToken[] = [];
  for (let i = 0; i + 3 < tokens.length; i++) {
    const [schema, dot, fn, open] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!, tokens[i + 3]!];
    if (!isName(schema) || unquote(schema) !== 'vault' || !isPunct(dot, '.') || !isName(fn) || !isPunct(open, '(')) continue;
    const param = SECRET_PARAM[unquote(fn)];
    if (!param) continue;
    const args = callArguments(tokens, i + 4);
    const named = args.map(namedArgument);
    const value = named.find((n) => n?.name === param.name)?.value ?? (named[param.position] ? undefined : args[param.position]);
    const literal = value?.length === 1 && value[0]!.kind === 'string' ? value[0] : undefined;
    if (literal && literal.text !== REDACTED_LITERAL) found.push(literal);
  }
  return found;
}

/** The secret literals of the first `count` statements of a script (those that ran successfully). */
export function secretsOfStatements(sql: string, count: number): string[] {
  return splitStatements(sql)
    .slice(0, count)
    .flatMap((span) => secretLiterals(span.text).map((t) => t.text));
}

/** Where `sql` holds one of `secrets` as a vault function's secret literal, last first (edit order). */
export function secretRanges(sql: string, secrets: ReadonlySet<string>): { start: number; end: number }[] {
  return secretLiterals(sql)
    .filter((t) => secrets.has(t.text))
    .map((t) => ({ start: t.start, end: t.end }))
    .reverse();
}

/** `sql` with those literals replaced by `'********'`. */
export function redactSecretLiterals(sql: string, secrets: ReadonlySet<string>): string {
  return secretRanges(sql, secrets).reduce((text, r) => text.slice(0, r.start) + REDACTED_LITERAL + text.slice(r.end), sql);
}

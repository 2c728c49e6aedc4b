import type { FuncCall, Node } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import { applySplices } from '../bind/splice';
import { MASK, isCredentialOption } from '../catalog/options';
import { as, names, walk } from '../parse/ast';
import { parseScriptUntilError, scanTokens } from '../parse/parse';

/** Where a secret stands in a text (character offsets, end exclusive). */
export interface SecretSpan {
  readonly start: number;
  readonly end: number;
}

/** What a secret constant becomes wherever a statement's text is shown, stored or logged. */
export const MASKED_LITERAL = `'${MASK}'`;

/**
 * The vault functions and their secret argument, by position and by name:
 * `vault.create_secret(secret, name, description)`, `vault.update_secret(secret_id, new_secret, ...)`.
 * Calls match by function name whatever the schema (quoted, unqualified through search_path, ...).
 */
const SECRET_ARGUMENT: Readonly<
  Record<string, { readonly position: number; readonly names: readonly string[] }>
> = {
  create_secret: { position: 0, names: ['secret', 'new_secret'] },
  update_secret: { position: 1, names: ['new_secret', 'secret'] },
};

const CONSTANT_TOKENS = new Set(['SCONST', 'USCONST', 'ICONST', 'FCONST', 'BCONST', 'XCONST']);
/** A constant token (the lexer calls `U&'...'` UNKNOWN). */
const isConstant = (t: ScanToken) => CONSTANT_TOKENS.has(t.tokenName) || /^u&'/i.test(t.text);

/**
 * The secret constants of one parsed statement: every constant inside the secret argument of a
 * vault call (anywhere: CTEs, subqueries, EXPLAIN), and the values of plain credential options of
 * CREATE/ALTER SERVER — or of any other options list (a user mapping's, a foreign table's), which
 * are refused but must not be shown either. `select "vault".create_secret('s3cr3t', 'n')` → [the span of `'s3cr3t'`].
 */
export function secretConstants(node: unknown, text: string): readonly SecretSpan[] {
  // A parsed tree is frozen and cached by its text (parse/parse.ts): its spans are found once.
  const known =
    node !== null && typeof node === 'object' && Object.isFrozen(node) ? found.get(node) : undefined;
  if (known?.text === text) return known.spans;
  const spans = Object.freeze(findSecretConstants(node, text));
  if (node !== null && typeof node === 'object' && Object.isFrozen(node)) found.set(node, { text, spans });
  return spans;
}

/** The spans found in a cached (frozen) tree, with the text they are offsets into. */
const found = new WeakMap<object, { readonly text: string; readonly spans: readonly SecretSpan[] }>();

function findSecretConstants(node: unknown, text: string): SecretSpan[] {
  const locations: number[] = [];
  let bodies = false;
  walk(node, (kind, _fields, n) => {
    if (kind === 'CreateFunctionStmt' || kind === 'DoStmt') bodies = true;
    const call = as(n, 'FuncCall');
    const option = as(n, 'DefElem');
    if (call) {
      walk(secretArgumentsOf(call), (_k, _f, inner) => {
        const constant = as(inner, 'A_Const');
        if (constant && !constant.isnull && constant.location !== undefined)
          locations.push(constant.location);
      });
    } else if (option?.location !== undefined && isCredentialOption(option.defname ?? '')) {
      // A server's, one anywhere else (a user mapping's, a foreign table's) or misspelled: refused, host/statement-policy.ts.
      locations.push(-option.location - 1);
    }
  });
  if (!locations.length && !bodies) return [];
  const tokens = scanTokens(text);
  const spans = locations.flatMap((at) =>
    at >= 0 ? constantAt(tokens, at) : optionValueAfter(tokens, -at - 1),
  );
  return bodies ? outermost([...spans, ...secretsInBodies(tokens, text)]) : spans;
}

/** Spans with those inside another left out (a vault call written in a string that is masked whole), in order. */
export function outermost(spans: readonly SecretSpan[]): SecretSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  return sorted.filter((x, i) => !sorted.slice(0, i).some((y) => y.end > x.start));
}

/**
 * The secrets written in the bodies of a CREATE FUNCTION or DO statement, read by their tokens (a
 * body is a string to the tree): the constants of a vault call's secret argument and the values of
 * plain credential options — refused there (host/statement-policy.ts), and not to be shown either.
 * A body in quotes is read as the string it stands for (`''` one quote, and in an E'' string `\'`),
 * each span mapped back to what is written; a secret written `''s3cr3t''` is masked inside its outer
 * quotes, so the masked body is `''********''`.
 *   do $$ begin perform vault.create_secret('s3cr3t', 'k'); end $$ → [the span of `'s3cr3t'`]
 *   do 'begin perform vault.create_secret(''s3cr3t'', ''k''); end'  → [the span of `'s3cr3t'` inside `''s3cr3t''`]
 */
function secretsInBodies(tokens: readonly ScanToken[], text: string): SecretSpan[] {
  return tokens.flatMap((t) => {
    if (t.tokenName !== 'SCONST') return [];
    const body = stringBody(text.slice(t.start, t.end));
    if (!body) return [];
    let spans: SecretSpan[];
    try {
      spans = secretTokens(scanTokens(body.text), body.text);
    } catch {
      spans = secretConstantsOfUnparsed(body.text);
    }
    return spans.map((x) => {
      const start = t.start + body.starts[x.start]!;
      const end = t.start + (x.end < body.starts.length ? body.starts[x.end]! : body.close);
      // `''s3cr3t''`: the outer quote of each doubled pair stays, so the body stays a string.
      const doubled = text.startsWith("''", start) && text.startsWith("''", end - 2) && end - start >= 4;
      return doubled ? { start: start + 1, end: end - 1 } : { start, end };
    });
  });
}

/**
 * The text a string token stands for, and where each of its characters is written in the token
 * (`starts`; `close`: where the closing quote is): a dollar-quoted string as it is, a quoted one with
 * `''` read as `'`, and an E'' one with `\c` read as c. A U&'' or B'' or X'' string is not a body.
 */
function stringBody(token: string): { text: string; starts: number[]; close: number } | undefined {
  const dollar = /^\$[^$]*\$/.exec(token)?.[0];
  if (dollar) {
    const text = token.slice(dollar.length, token.length - dollar.length);
    const starts = Array.from({ length: text.length }, (_, i) => dollar.length + i);
    return { text, starts, close: token.length - dollar.length };
  }
  const escapes = /^[Ee]'/.test(token);
  if (!escapes && !token.startsWith("'")) return undefined;
  let text = '';
  const starts: number[] = [];
  const close = token.length - 1;
  for (let i = escapes ? 2 : 1; i < close; i++) {
    starts.push(i);
    if ((token[i] === "'" && token[i + 1] === "'") || (escapes && token[i] === '\\')) i++;
    text += token[i];
  }
  return { text, starts, close };
}

/**
 * The parameters ($n) a statement passes as a vault call's secret argument, by position or named —
 * what an EXECUTE of it binds a secret to (vault/execute-secrets.ts).
 *   select vault.update_secret($2, $1) → [1];  select vault.create_secret(secret => $1) → [1]
 */
export function secretParameters(node: unknown): number[] {
  const numbers: number[] = [];
  walk(node, (_kind, _fields, n) => {
    const call = as(n, 'FuncCall');
    if (call)
      walk(secretArgumentsOf(call), (_k, _f, inner) => {
        const ref = as(inner, 'ParamRef');
        if (ref?.number) numbers.push(ref.number);
      });
  });
  return numbers;
}

/** The arguments of a vault call that hold its secret, by position or named; none of another call. */
function secretArgumentsOf(call: FuncCall): Node[] {
  const param = SECRET_ARGUMENT[names(call.funcname).at(-1)?.toLowerCase() ?? ''];
  if (!param) return [];
  return (call.args ?? []).filter((arg, i) => {
    const named = as(arg, 'NamedArgExpr');
    return named ? param.names.includes(named.name?.toLowerCase() ?? '') : i === param.position;
  });
}

/** Every constant (not NULL) inside `nodes` of a statement's tree, as spans of its text. */
export function constantsIn(nodes: readonly unknown[], text: string): SecretSpan[] {
  const locations: number[] = [];
  walk(nodes, (_kind, _fields, n) => {
    const constant = as(n, 'A_Const');
    if (constant && !constant.isnull && constant.location !== undefined) locations.push(constant.location);
  });
  if (!locations.length) return [];
  const tokens = scanTokens(text);
  return locations.flatMap((at) => constantAt(tokens, at));
}

/**
 * By tokens, as the tree would say it: the constants of a vault call's secret argument (by position,
 * or named `secret =>`; `everyArgument`: of all its arguments), and the value after a plain
 * credential option's name.
 *   create_secret(s, 'k') → [];  create_secret('s3cr3t', 'k') → [`'s3cr3t'`]
 */
function secretTokens(tokens: readonly ScanToken[], text: string, everyArgument = false): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const bare = (t: ScanToken) => text.slice(t.start, t.end).replace(/^"|"$/g, '').toLowerCase();
  for (let i = 0; i < tokens.length; i++) {
    const name = bare(tokens[i]!);
    const param = SECRET_ARGUMENT[name];
    if (param && tokens[i + 1]?.text === '(') {
      argumentsAfter(tokens, i + 1).forEach((arg, index) => {
        const named = arg[1]?.text === '=>' ? bare(arg[0]!) : undefined;
        if (everyArgument || (named ? param.names.includes(named) : index === param.position))
          spans.push(...arg.filter(isConstant).map((c) => ({ start: c.start, end: c.end })));
      });
    } else if (isCredentialOption(name) && tokens[i + 1] && isConstant(tokens[i + 1]!)) {
      spans.push(...constantFrom(tokens, i + 1));
    }
  }
  return spans;
}

/** The arguments of the call whose `(` is tokens[open], each its tokens; unclosed, the rest is the last one. */
function argumentsAfter(tokens: readonly ScanToken[], open: number): ScanToken[][] {
  const args: ScanToken[][] = [[]];
  let depth = 0;
  for (const t of tokens.slice(open)) {
    if (t.text === '(' && depth++ === 0) continue;
    if (t.text === ')' && --depth === 0) break;
    if (t.text === ',' && depth === 1) args.push([]);
    else args.at(-1)!.push(t);
  }
  return args;
}

/** The constant starting at `at`: one token, or adjacent string literals (`'a' \n 'b'`). */
function constantAt(tokens: readonly ScanToken[], at: number): SecretSpan[] {
  // The tree says a constant starts here, whatever the lexer calls it (`U&'...'` is UNKNOWN to it).
  return constantFrom(
    tokens,
    tokens.findIndex((t) => t.start === at),
  );
}

/** The string value of an option written `name 'value'` (or `SET name 'value'`, or `U&'...'`). */
function optionValueAfter(tokens: readonly ScanToken[], at: number): SecretSpan[] {
  const i = tokens.findIndex((t) => t.start > at);
  return i >= 0 && isConstant(tokens[i]!) ? constantFrom(tokens, i) : [];
}

/**
 * The constant whose first token is tokens[i], with the string literals adjacent to it and a
 * `UESCAPE 'c'` after a `U&'...'` (the masked literal, a plain string, may not take one).
 */
function constantFrom(tokens: readonly ScanToken[], i: number): SecretSpan[] {
  if (i < 0) return [];
  const start = tokens[i]!.start;
  while (tokens[i + 1] && tokens[i + 1]!.tokenName === 'SCONST' && tokens[i]!.tokenName === 'SCONST') i++;
  if (/^u&'/i.test(tokens[i]!.text) && /^uescape$/i.test(tokens[i + 1]?.text ?? '') && tokens[i + 2]) i += 2;
  return [{ start, end: tokens[i]!.end }];
}

/**
 * A text that did not parse: every constant inside the parentheses after a vault function's name,
 * and the value after a plain credential option's name; in its strings (a function's body) the
 * same as in a body (secretsInBodies). Text the lexer cannot read (an unterminated
 * literal) is masked from the first quote after such a name to the end.
 */
export function secretConstantsOfUnparsed(text: string): SecretSpan[] {
  let tokens: readonly ScanToken[];
  try {
    tokens = scanTokens(text);
  } catch {
    const m =
      /(create_secret|update_secret|secret|token|passw|pwd|access_?key|key_?id|private_?key|api_?key)\w*"?\s*(\(|\s)[^'$]*?(['$])/i.exec(
        text,
      );
    return m ? [{ start: m.index + m[0].length - 1, end: text.length }] : [];
  }
  return outermost([...secretTokens(tokens, text, true), ...secretsInBodies(tokens, text)]);
}

/**
 * An EXECUTE read by its tokens: the prepared statement's name, and the constants of each argument;
 * no name when the text could not be read (its one argument: from its first quote to the end).
 */
export interface ExecuteTokens {
  readonly name?: string;
  readonly args: readonly (readonly SecretSpan[])[];
}

/**
 * The EXECUTEs of a text that did not parse, by tokens (EXPLAIN EXECUTE, CREATE TABLE AS EXECUTE
 * among them; `execute function f()` of a trigger is none). A name is folded to lower case as
 * Postgres folds it, a quoted one kept.
 *   selec 1; execute p('s3cr3t', 'k') → [{ name: 'p', args: [[`'s3cr3t'`], [`'k'`]] }]
 */
export function executesOfUnparsed(text: string): ExecuteTokens[] {
  let tokens: readonly ScanToken[];
  try {
    tokens = scanTokens(text);
  } catch {
    // An unterminated literal: its text goes to the end, and the lexer's error quotes it.
    const m = /\bexecute\s+("[^"]*"|[^\s(]+)\s*\([^']*'/i.exec(text);
    return m ? [{ args: [[{ start: m.index + m[0].length - 1, end: text.length }]] }] : [];
  }
  const out: ExecuteTokens[] = [];
  tokens.forEach((t, i) => {
    const name = tokens[i + 1];
    if (!/^execute$/i.test(t.text) || !name || tokens[i + 2]?.text !== '(') return;
    const written = text.slice(name.start, name.end);
    out.push({
      name: written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written.toLowerCase(),
      args: argumentsAfter(tokens, i + 2).map((arg) =>
        arg.filter(isConstant).map((c) => ({ start: c.start, end: c.end })),
      ),
    });
  });
  return out;
}

/** The secret constants of a whole script, as offsets into it: parsed statements by their trees, the rest by tokens. */
export function secretConstantsOfScript(sql: string): SecretSpan[] {
  const { statements, error } = parseScriptUntilError(sql);
  const spans = statements.flatMap((s) =>
    secretConstants(s.node, s.text).map((x) => ({ start: x.start + s.start, end: x.end + s.start })),
  );
  if (error) {
    const last = statements.at(-1);
    const from = last ? last.start + last.text.length : 0;
    spans.push(
      ...secretConstantsOfUnparsed(sql.slice(from)).map((x) => ({
        start: x.start + from,
        end: x.end + from,
      })),
    );
  }
  return spans;
}

/** `text` with each span replaced by `'********'`. */
export function redact(text: string, spans: readonly SecretSpan[]): string {
  return spans.length
    ? applySplices(
        text,
        spans.map((s) => ({ ...s, replacement: MASKED_LITERAL })),
      ).text
    : text;
}

/**
 * A message (an error, a notice) with every secret of `spans` in `text` masked, as written and as its
 * bare value (`'s3cr3t'` and `s3cr3t`; bare values of fewer than 4 characters are left, or every
 * message would be garbled by a one-letter secret).
 */
export function maskSecretsIn(message: string, text: string, spans: readonly SecretSpan[]): string {
  let out = message;
  const written = spans.map((s) => text.slice(s.start, s.end));
  for (const w of written) {
    const bare = w.replace(/^[EeBbXxUu]?&?'|'$/g, '').replace(/^\$[^$]*\$|\$[^$]*\$$/g, '');
    for (const v of bare.length >= 4 ? [w, bare] : [w]) out = out.split(v).join(MASKED_LITERAL);
  }
  // A lexer error quotes the text it stopped at, which may be part of a secret (`at or near "'s3cr"`).
  return out.replace(/"([^"]{4,})"/g, (quoted, inner: string) =>
    written.some((w) => w.includes(inner)) ? `"${MASKED_LITERAL}"` : quoted,
  );
}

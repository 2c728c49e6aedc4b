import { EngineError, SqlState } from '../errors';
import { scanTokens } from '../parse/parse';

/** A SQL function's definition (`pg_get_functiondef`) split where the engine rewrites it. */
export interface FunctionDefinition {
  /** `CREATE OR REPLACE FUNCTION` ... everything before the body, with `{name}` where the name was. */
  readonly head: string;
  /** The body's statements as SQL text (`BEGIN ATOMIC` and `RETURN` bodies as plain statements). */
  readonly body: string;
}

/**
 * Splits a function definition into the head and its body's SQL, so a copy can be made with another
 * name and a rewritten body:
 *   CREATE OR REPLACE FUNCTION public.f(p text) RETURNS bigint LANGUAGE sql AS $function$ select 1 $function$
 *   → head `CREATE OR REPLACE FUNCTION {name}(p text) RETURNS bigint LANGUAGE sql`, body ` select 1 `
 *   ... LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END → body `SELECT 1; SELECT 2;`
 *   ... LANGUAGE sql RETURN (p || 'x') → body `select (p || 'x')`
 */
export function functionDefinition(definition: string): FunctionDefinition {
  const tokens = scanTokens(definition);
  const keyword = tokens.findIndex((t) => /^(function|procedure)$/i.test(t.text));
  const open = tokens.findIndex((t, i) => i > keyword && t.text === '(');
  if (keyword < 0 || open < 0) throw unexpected(definition);
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (depth) continue;
    const word = t.text.toLowerCase();
    let body: string | null = null;
    if (word === 'as' && tokens[i + 1]?.tokenName === 'SCONST') body = stringContent(tokens[i + 1]!.text);
    else if (word === 'begin' && /^atomic$/i.test(tokens[i + 1]?.text ?? '')) {
      const end = tokens.findLastIndex((x) => /^end$/i.test(x.text));
      body = definition.slice(tokens[i + 1]!.end, tokens[end]!.start);
    } else if (word === 'return') body = `select ${definition.slice(tokens[i + 1]!.start)}`;
    if (body === null) continue;
    const name = { start: tokens[keyword + 1]!.start, end: tokens[open]!.start };
    const head = definition.slice(0, name.start) + '{name}' + definition.slice(name.end, t.start).trimEnd();
    return { head, body };
  }
  throw unexpected(definition);
}

/** The text of a string constant as the scanner returns it: `$tag$...$tag$` or `'...'` (quotes doubled). */
function stringContent(token: string): string {
  const tag = /^\$[^$]*\$/.exec(token)?.[0];
  if (tag) return token.slice(tag.length, token.length - tag.length);
  return token.slice(1, -1).replace(/''/g, "'");
}

function unexpected(definition: string): EngineError {
  return new EngineError(
    SqlState.internalError,
    `unexpected function definition: ${definition.slice(0, 80)}`,
  );
}

import type { ScanToken } from 'libpg-query';
import { names, walk } from '../parse/ast';
import { qualifiedNameEnd } from './source-text';

/** A function call of a statement: its name as written and where that name stands in the text. */
export interface FunctionCall {
  readonly names: readonly string[];
  readonly start: number;
  readonly end: number;
  /** Its arguments' nodes (NamedArgExpr for `name => value`). */
  readonly args: readonly unknown[];
}

/** Schemas whose functions never read a relation of the user's: their calls need no look-up. */
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_temp']);

/**
 * Every call of a function that may be the user's, with the span of its (qualified) name:
 * `select app.total(cid) from t` → [{ names: ['app', 'total'], start: 7, end: 16 }]. Calls in SQL's
 * special syntax (`extract(...)`, `trim(...)`) are pg_catalog's and left out.
 */
export function functionCalls(ast: unknown, tokens: readonly ScanToken[]): FunctionCall[] {
  const out: FunctionCall[] = [];
  walk(ast, (kind, fields) => {
    if (kind !== 'FuncCall') return;
    const name = names(fields.funcname);
    const start = fields.location as number;
    if ((name.length > 1 && SYSTEM_SCHEMAS.has(name[0]!)) || !tokens.some((t) => t.start === start)) return;
    out.push({
      names: name,
      start,
      end: qualifiedNameEnd(tokens, start),
      args: (fields.args as unknown[] | undefined) ?? [],
    });
  });
  return out;
}

/** The distinct names of the functions a query may call of the user's: `f(g(x))` → [['f'], ['g']]. */
export function calledNames(ast: unknown): string[][] {
  const out = new Map<string, string[]>();
  walk(ast, (kind, fields) => {
    if (kind !== 'FuncCall') return;
    const name = names(fields.funcname);
    if (!(name.length > 1 && SYSTEM_SCHEMAS.has(name[0]!))) out.set(name.join('\u0000'), name);
  });
  return [...out.values()];
}

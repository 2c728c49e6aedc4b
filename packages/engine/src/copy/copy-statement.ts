import type { CopyStmt, DefElem } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as, quoteIdent } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import type { Quoting } from './record-chunker';

/** One option of a COPY statement as written (`force_quote (a, b)`, `header`, `null 'x'`). */
export interface CopyOption {
  readonly name: string;
  readonly arg: DefElem['arg'];
}

/**
 * A `COPY ... TO STDOUT` / `COPY ... FROM STDIN` statement as the engine runs it, a frozen value:
 *   `copy (select a from t) to stdout (format csv, header)`
 *     → { direction: 'to', query: { text: 'select a from t', start: 6 }, format: 'csv', ... }
 *   `copy s.t (a, b) from stdin` → { direction: 'from', relation: { schema: 's', name: 't' }, columns: ['a', 'b'], format: 'text', ... }
 */
export interface CopyStatement {
  readonly direction: 'to' | 'from';
  readonly relation: {
    readonly schema: string | null;
    readonly name: string;
    readonly location: number;
  } | null;
  readonly columns: readonly string[] | null;
  /** The query of `COPY (query) TO`, and where it starts in the statement (0-based). */
  readonly query: { readonly text: string; readonly start: number } | null;
  readonly format: string;
  readonly options: readonly CopyOption[];
}

/** The relation's name as SQL (`"s"."t"`). */
export function relationSql(stmt: CopyStatement): string {
  const r = stmt.relation!;
  return (r.schema === null ? '' : quoteIdent(r.schema) + '.') + quoteIdent(r.name);
}

/**
 * The COPY statements the engine serves (to STDOUT, from STDIN); null for COPY to or from a file
 * or a program, which the host refuses by the user role's privileges (42501).
 */
export function copyStatement(stmt: CopyStmt, text: string): CopyStatement | null {
  if (stmt.filename !== undefined || stmt.is_program) return null;
  if (stmt.whereClause !== undefined) {
    throw new EngineError(SqlState.featureNotSupported, 'COPY FROM ... WHERE is not supported', {
      hint: 'copy into a temp table, then INSERT ... SELECT ... WHERE',
    });
  }
  const options = (stmt.options ?? []).map((o) => {
    const d = as(o, 'DefElem')!;
    return Object.freeze({ name: d.defname ?? '', arg: d.arg });
  });
  const format = options.findLast((o) => o.name === 'format');
  // libpg-query gives CopyStmt's relation as the RangeVar's fields, without the node's name.
  const rv = stmt.relation;
  return Object.freeze({
    direction: stmt.is_from ? 'from' : 'to',
    relation: rv
      ? Object.freeze({ schema: rv.schemaname ?? null, name: rv.relname ?? '', location: rv.location ?? 0 })
      : null,
    columns: stmt.attlist ? Object.freeze(stmt.attlist.map((a) => as(a, 'String')?.sval ?? '')) : null,
    query: stmt.query ? parenthesized(text) : null,
    format: format ? (as(format.arg, 'String')?.sval ?? '') : 'text',
    options: Object.freeze(options),
  });
}

/** The text between `COPY (` and its closing parenthesis. */
function parenthesized(text: string): { text: string; start: number } {
  const tokens = scanTokens(text);
  let depth = 0;
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    if (tokens[i]!.text === ')' && --depth === 0) {
      const start = tokens[2]!.start;
      return { text: text.slice(start, tokens[i]!.start), start };
    }
  }
  throw new EngineError(SqlState.syntaxError, 'syntax error in COPY: unbalanced parentheses');
}

/** A string literal that reads the same whatever `standard_conforming_strings` says. */
function literal(value: string): string {
  return "E'" + value.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

function argSql(arg: unknown): string {
  if (arg === undefined) return '';
  const s = as(arg, 'String');
  if (s) return literal(s.sval ?? '');
  const b = as(arg, 'Boolean');
  if (b) return b.boolval ? 'true' : 'false';
  const i = as(arg, 'Integer');
  if (i) return String(i.ival ?? 0);
  const f = as(arg, 'Float');
  if (f) return f.fval ?? '0';
  if (as(arg, 'A_Star')) return '*';
  const list = as(arg, 'List');
  if (list) return '(' + (list.items ?? []).map(argSql).join(', ') + ')';
  throw new EngineError(SqlState.syntaxError, 'unsupported COPY option value');
}

/**
 * The statement's options as SQL for the host's own COPY, `header` set as asked (the batches of an
 * export after the first have none): `("format" E'csv', "header" true)`; '' when there are none.
 */
export function optionsSql(options: readonly CopyOption[], header?: boolean): string {
  const kept = options
    .filter((o) => header === undefined || o.name !== 'header')
    .map((o) => `${quoteIdent(o.name)} ${argSql(o.arg)}`.trimEnd());
  if (header !== undefined) kept.push(`"header" ${header}`);
  return kept.length ? ` (${kept.join(', ')})` : '';
}

/** How the statement's data quotes: csv's QUOTE and ESCAPE (one byte each; the host refuses others). */
export function quotingOf(stmt: CopyStatement): Quoting {
  if (stmt.format !== 'csv') return { kind: 'text' };
  const byte = (name: string): number | undefined => {
    const arg = stmt.options.findLast((x) => x.name === name)?.arg;
    // `quote 1` is an Integer to the parser, the string '1' to COPY (defGetString).
    const int = as(arg, 'Integer');
    const s = int ? String(int.ival ?? 0) : as(arg, 'String')?.sval;
    return s ? new TextEncoder().encode(s)[0] : undefined;
  };
  const quote = byte('quote') ?? 0x22;
  return { kind: 'csv', quote, escape: byte('escape') ?? quote };
}

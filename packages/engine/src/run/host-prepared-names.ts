import { applySplices, type Splice } from '../bind/splice';
import { explainedQueryStart, innerQuery } from '../bind/statement-text';
import { EngineError } from '../errors';
import { isHostError } from '../host/host';
import { as, kindOf } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import { hostError } from './host-error';
import { notPrepared, type NamedStatements } from './named-statements';
import { preparedStatementsView } from './prepared-statements-view';

/** A statement as the host is sent it, and how its errors are told in the user's terms. */
export interface HostNamed {
  readonly text: string;
  readonly node: unknown;
  /** An error of the statement sent: the session's names in its texts, its position in what the user wrote. */
  userError(e: unknown): unknown;
}

/** A host name given for a name of the session's. */
export interface Rename {
  readonly name: string;
  readonly hostName: string;
}

/**
 * A statement that names a prepared statement the host keeps for the session, as the host must
 * see it: the session's name replaced by its host name (named-statements.ts), in `EXECUTE`,
 * `EXPLAIN [ANALYZE] EXECUTE` and `CREATE TABLE ... AS EXECUTE`; and `pg_prepared_statements` read
 * as the session's (prepared-statements-view.ts). Null when nothing changes. A name the session has
 * not prepared is Postgres's 26000 here, whoever else's it is on the host.
 *   execute foo(1) → execute __dsp_s1_1(1)
 */
export function hostPreparedNames(named: NamedStatements, node: unknown, text: string): HostNamed | null {
  const splices: Splice[] = [...preparedStatementsView(named, node, text)];
  const renames: Rename[] = [];
  const executed = executedName(node, text, 0);
  // A name the engine keeps is its own to run; a host name (a statement rewritten already) stays.
  if (executed && !named.preparedText(executed.name)) {
    const hostName = named.hostName(executed.name);
    if (hostName) {
      splices.push({ start: executed.start, end: executed.end, replacement: hostName });
      renames.push({ name: executed.name, hostName });
    } else if (named.hostKeptText(executed.name) === undefined) throw notPrepared(executed.name);
  }
  if (!splices.length) return null;
  const spliced = applySplices(text, splices);
  // A plain EXECUTE (each of the wire protocol's): its tree with the host name, not parsed again.
  const execute = as(node, 'ExecuteStmt');
  return {
    text: spliced.text,
    node:
      execute && renames.length === 1 && splices.length === 1
        ? { ExecuteStmt: { ...execute, name: renames[0]!.hostName } }
        : parseOne(spliced.text),
    userError: (e) => userNamed(e, renames, spliced.originalPosition),
  };
}

/**
 * An error of a statement sent with host names, told with the session's names (`prepared statement
 * "foo"`, never `"__dsp_s1_1"`) and its position mapped back to what the user wrote.
 */
export function userNamed(
  e: unknown,
  renames: readonly Rename[],
  toOriginal: (position: number) => number,
): unknown {
  if (!(e instanceof EngineError) && !isHostError(e)) return e;
  const error = hostError(e);
  const told = (s: string | undefined) =>
    s === undefined ? undefined : renames.reduce((t, r) => t.split(`"${r.hostName}"`).join(`"${r.name}"`), s);
  if (error.position !== undefined) error.position = toOriginal(error.position);
  error.message = told(error.message)!;
  if (told(error.detail) === error.detail && told(error.hint) === error.hint) return error;
  return new EngineError(error.sqlstate, error.message, {
    ...(error.position !== undefined && { position: error.position }),
    ...(error.detail !== undefined && { detail: told(error.detail) }),
    ...(error.hint !== undefined && { hint: told(error.hint) }),
    ...(error.context !== undefined && { context: error.context }),
    ...(error.diagnostics !== undefined && { diagnostics: error.diagnostics }),
  });
}

/** The name token of the EXECUTE a statement runs (itself, EXPLAIN's, CREATE TABLE AS's), `offset` into the text. */
function executedName(
  node: unknown,
  text: string,
  offset: number,
): { name: string; start: number; end: number } | null {
  const execute = as(node, 'ExecuteStmt');
  if (execute) {
    // Past any comment (`execute /* x */ p`).
    const token = scanTokens(text).filter((t) => !t.tokenName.endsWith('COMMENT'))[1];
    return token ? { name: execute.name ?? '', start: offset + token.start, end: offset + token.end } : null;
  }
  const explain = as(node, 'ExplainStmt');
  if (explain) {
    const start = explainedQueryStart(text);
    return executedName(explain.query, text.slice(start), offset + start);
  }
  const created = as(node, 'CreateTableAsStmt');
  if (created && kindOf(created.query) === 'ExecuteStmt') {
    const inner = innerQuery(text, 'as');
    return executedName(created.query, inner.text, offset + inner.start);
  }
  return null;
}

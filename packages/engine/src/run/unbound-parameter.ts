import { EngineError, SqlState } from '../errors';
import { as, walk } from '../parse/ast';
import { memoByNode } from '../parse/node-memo';
import type { ParamRef } from '@pgsql/types';

/**
 * Refuses a `$n` in a statement, as Postgres's simple query does (at the first its analysis meets):
 * the engine runs every statement without arguments — an extended-protocol Bind's come as EXECUTE's
 * (apps/api's pgwire) — and the host, asked to run it with none, said 08P01 "bind message supplies 0
 * parameters". A PREPARE's query and a SQL function's body (`return $1`, BEGIN ATOMIC) take theirs
 * when they run.
 *   `select $1` → 42P02 there is no parameter $1 at 8
 */
export function refuseUnboundParameter(node: unknown): void {
  const param = firstParameter(node);
  if (param)
    throw new EngineError(SqlState.undefinedParameter, `there is no parameter $${param.number ?? 0}`, {
      ...(param.location !== undefined && param.location >= 0 && { position: param.location + 1 }),
    });
}

const firstParameter = memoByNode((node): ParamRef | null => {
  let first: ParamRef | null = null;
  walk(node, (kind, _fields, at) => {
    if (first || kind === 'PrepareStmt' || kind === 'CreateFunctionStmt') return false;
    first = as(at, 'ParamRef') ?? null;
  });
  return first as ParamRef | null;
});

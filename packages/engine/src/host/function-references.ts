import { EngineError, SqlState } from '../errors';
import { as, walk } from '../parse/ast';
import { SQL_TEXT_FUNCTIONS } from './sql-text-calls';

/**
 * Statements that name a function for Postgres to call later with values known only then: an
 * aggregate's or an operator's function (DefineStmt, ALTER OPERATOR, a range type's), a cast's, a
 * transform's, a conversion's, a trigger's and an operator class's.
 */
const NAMING_FUNCTIONS = new Set([
  'DefineStmt',
  'AlterOperatorStmt',
  'AlterTypeStmt',
  'CreateRangeStmt',
  'CreateCastStmt',
  'CreateTransformStmt',
  'CreateConversionStmt',
  'CreateTrigStmt',
  'CreateEventTrigStmt',
  'CreateOpClassStmt',
  'AlterOpFamilyStmt',
]);

/** The functions whose calls the engine checks by their arguments as written: set_config, pg_notify (notify-policy.ts) and those running SQL text. */
const CHECKED_BY_ARGUMENTS = new Set(['set_config', 'pg_notify', ...SQL_TEXT_FUNCTIONS]);

/**
 * Refuses (42501) a statement that names set_config, or a function that runs SQL text
 * (sql-text-calls.ts), as a function Postgres calls later: the engine checks those functions'
 * arguments where a call is written, and an aggregate's state or an operator's operand is known only
 * when it runs. Every name in the statement counts, quoted or not, under any schema.
 *   create aggregate a(text, boolean) (sfunc = set_config, stype = text, initcond = 'search_path')
 *     → 42501 permission denied to name function set_config here
 *   create operator ### (leftarg = tsquery, rightarg = text, function = ts_rewrite) → the same for ts_rewrite
 */
export function refuseFunctionReference(kind: string, at: unknown): void {
  if (!NAMING_FUNCTIONS.has(kind)) return;
  walk(at, (inner, _fields, node) => {
    // A call written in it (a trigger's WHEN) is checked where it stands (statement-policy.ts).
    if (inner === 'FuncCall') return false;
    // A name is a String: of a TypeName, of a List, or a quoted one (`sfunc = 'set_config'`).
    const text = as(node, 'String')?.sval;
    const fn = text?.split('.').at(-1)?.toLowerCase();
    if (fn === undefined || !CHECKED_BY_ARGUMENTS.has(fn)) return true;
    throw new EngineError(SqlState.insufficientPrivilege, `permission denied to name function ${fn} here`, {
      hint: `Dynascope checks ${fn}'s arguments where a call to it is written; call it in a query`,
    });
  });
}

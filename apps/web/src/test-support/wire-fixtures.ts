/** Wire values for unit tests: a statement, a script's answer and a progress frame, with overrides. */
import type { WireError, WireProgress, WireScriptResult, WireStatement } from '../api/wire';
import type { Redaction } from '../sql/redactions';

export function statement(over: Partial<WireStatement> = {}): WireStatement {
  return {
    sql: 'select id from t',
    command: 'SELECT',
    rowCount: 1,
    columns: [{ name: 'id', type: 'text' }],
    rows: [['a']],
    cursor: null,
    plan: null,
    consumedRcu: 0,
    durationMs: 0,
    notices: [],
    ...over,
  };
}

/** An answer to a script: its statements, maybe an error, and (by default) no redactions. */
export function answer(
  statements: WireStatement[],
  over: {
    error?: Pick<WireError, 'message' | 'statementIndex'>;
    redactedSql?: string;
    redactions?: Redaction[];
  } = {},
): WireScriptResult {
  return { statements, redactedSql: '', redactions: [], ...over } as WireScriptResult;
}

export function progress(over: Partial<WireProgress> = {}): WireProgress {
  return {
    type: 'progress',
    statementIndex: 0,
    relation: 't',
    itemsScanned: 10,
    itemsReturned: 10,
    consumedRcu: 1,
    ...over,
  } as WireProgress;
}

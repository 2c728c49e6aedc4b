/** Wire values for unit tests: a statement, a script's answer, a progress frame and a table description, with overrides. */
import type { TableDescription, WireError, WireProgress, WireScriptResult, WireStatement } from '../api/wire';
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

export function tableDescription(over: Partial<TableDescription> = {}): TableDescription {
  return {
    table: 'events',
    partitionKey: { name: 'deviceId', type: 'S' },
    sortKey: { name: 'ts', type: 'N' },
    indexes: [],
    itemCount: 10,
    sizeBytes: 100,
    billingMode: null,
    sampleSize: 10,
    attributes: [],
    ...over,
  } as TableDescription;
}

/** Wire values for unit tests: a statement, a script's answer, a progress frame, a scan plan and a table description, with overrides. */
import type {
  TableDescription,
  WireError,
  WireScan,
  WireProgress,
  WireScriptResult,
  WireStatement,
} from '../api/wire';
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
    error?: Pick<WireError, 'message' | 'statementIndex' | 'sqlstate' | 'consumedRcu'>;
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

/**
 * The plan of one relation read: a Scan of `t` with nothing pushed and nothing counted yet (its
 * request, which the plan panel's Request & code shows, that Scan's). Fields the web app does not
 * read (the identity) are left out, hence the cast.
 */
export function scanPlan(over: Partial<WireScan> = {}): WireScan {
  return {
    relation: 'r',
    alias: null,
    server: 'demo',
    table: 't',
    operation: 'Scan',
    index: null,
    keyCondition: null,
    filter: null,
    expressionAttributeNames: {},
    expressionAttributeValues: {},
    keyConditionText: null,
    filterText: null,
    pushed: [],
    residual: [],
    projection: null,
    limit: null,
    consistentRead: false,
    keyCount: null,
    partitionCount: null,
    segments: null,
    fetchBack: false,
    alternatives: [],
    estimatedRcu: null,
    estimateBasis: 'unknown',
    estimateNote: '',
    consumedRcu: null,
    scannedCount: null,
    returnedCount: null,
    pages: 0,
    request: { operation: 'Scan', input: { TableName: 't', ReturnConsumedCapacity: 'TOTAL' } },
    ...over,
  } as WireScan;
}

/** A top-N's key read after its Scan (ScanPlan.keyFetch): a BatchGetItem of up to 10 keys, 5 RCU, not run. */
export function keyFetchPlan(over: Partial<NonNullable<WireScan['keyFetch']>> = {}): WireScan['keyFetch'] {
  return {
    operation: 'BatchGetItem',
    maxKeys: 10,
    projection: null,
    estimatedRcu: 5,
    consumedRcu: null,
    returnedCount: null,
    requests: 0,
    readScanAgain: null,
    ...over,
  };
}

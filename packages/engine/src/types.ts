import type { KeyAttribute as AttributeKeyInfo, IndexInfo as IndexDescription } from './plan/key-schema';

/**
 * The engine's public data shapes. Everything here is plain, JSON-ready data (except `JsonText`,
 * which carries JSON text verbatim so that 38-digit numbers survive to the wire).
 */

/** JSON text from a json/jsonb cell, kept as text so no number loses a digit. */
export class JsonText {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * A cell: int2/int4/float4/float8 → number, boolean → boolean, json/jsonb → JsonText,
 * SQL NULL → null, every other type → Postgres's text output.
 */
export type Cell = string | number | boolean | null | JsonText;

export interface Column {
  readonly name: string;
  /** Postgres type name as `format_type` prints it, e.g. `text`, `numeric`, `timestamp with time zone`. */
  readonly type: string;
}

export type AccessOperation = 'Query' | 'Scan' | 'GetItem' | 'BatchGetItem' | 'ParallelScan';

export type EstimateBasis = 'describe-table' | 'sampled' | 'unknown' | 'exact';

/** The plan of one foreign relation occurrence in a statement. */
export interface ScanPlan {
  readonly relation: string;
  readonly alias: string | null;
  readonly server: string;
  readonly table: string;
  readonly operation: AccessOperation;
  readonly index: string | null;
  readonly keyCondition: string | null;
  readonly filter: string | null;
  readonly expressionAttributeNames: Readonly<Record<string, string>>;
  readonly expressionAttributeValues: Readonly<Record<string, unknown>>;
  /** Key condition / filter with names and values substituted, for people. */
  readonly keyConditionText: string | null;
  readonly filterText: string | null;
  readonly pushed: readonly string[];
  readonly residual: readonly string[];
  readonly projection: readonly string[] | null;
  readonly limit: number | null;
  readonly consistentRead: boolean;
  /** GetItem/BatchGetItem: how many keys. */
  readonly keyCount: number | null;
  /** Query: how many partitions (one request each, `pk IN (...)`). */
  readonly partitionCount: number | null;
  /** Scan: parallel segments. */
  readonly segments: number | null;
  /** Index Query that fetches the full items back from the table. */
  readonly fetchBack: boolean;
  /** The other access paths the planner priced, and what they would have cost. */
  readonly alternatives: readonly { readonly operation: string; readonly index: string | null; readonly estimatedRcu: number }[];
  readonly estimatedRcu: number | null;
  readonly estimateBasis: EstimateBasis;
  readonly estimateNote: string;
  consumedRcu: number | null;
  scannedCount: number | null;
  returnedCount: number | null;
  pages: number;
}

/** How a write statement changes DynamoDB (filled in while it runs). */
export interface WritePlan {
  readonly relation: string;
  readonly table: string;
  readonly operation: 'PutItem' | 'BatchWriteItem' | 'UpdateItem' | 'DeleteItem';
  /** `attribute_not_exists` (INSERT ... ON CONFLICT DO NOTHING) or `attribute_exists` (UPDATE). */
  readonly condition: string | null;
  requests: number;
  itemsWritten: number;
  consumedWcu: number;
}

export interface Plan {
  readonly scans: ScanPlan[];
  readonly write?: WritePlan;
  /** Set when the engine joins the scans itself (a hash join of the items): the join condition. */
  readonly engineJoin?: string;
}

export interface StatementResult {
  readonly sql: string;
  readonly command: string;
  rowCount: number | null;
  readonly columns: readonly Column[];
  rows: Cell[][];
  /** Set when more rows are available through `engine.next(cursor)`. */
  cursor: string | null;
  readonly plan: Plan | null;
  consumedRcu: number;
  durationMs: number;
  readonly notices: string[];
}

export interface EngineErrorInfo {
  readonly message: string;
  readonly sqlstate: string;
  /** 1-based character position in the submitted SQL text, when known. */
  readonly position?: number;
  readonly statementIndex?: number;
  readonly detail?: string;
  readonly hint?: string;
}

export interface ScriptResult {
  readonly statements: StatementResult[];
  error?: EngineErrorInfo;
}

export interface Progress {
  readonly statementIndex: number;
  readonly relation: string;
  readonly itemsScanned: number;
  readonly itemsReturned: number;
  readonly consumedRcu: number;
}

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  /** Rows returned in the first page of each statement (default 500). */
  readonly pageSize?: number;
  readonly onProgress?: (progress: Progress) => void;
}

export interface NextPage {
  readonly rows: Cell[][];
  readonly cursor: string | null;
  readonly consumedRcu: number;
}

export type KeyRole = 'partition' | 'sort' | null;

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  /** From the DynamoDB key schema when it is known (cached DescribeTable), else from `rowid_column`. */
  readonly keyRole: KeyRole;
  /** True for the jsonb catch-all column. */
  readonly catchAll: boolean;
}

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'foreign' | 'table' | 'view';
  readonly server: string | null;
  /** The DynamoDB table name (`table` option) for foreign tables. */
  readonly dynamoTable: string | null;
  readonly options: Readonly<Record<string, string>>;
  readonly columns: readonly CatalogColumn[];
}

export interface CatalogServer {
  readonly name: string;
  readonly wrapper: string;
  /** Options with every credential masked as `********`. */
  readonly options: Readonly<Record<string, string>>;
}

export interface CatalogSnapshot {
  readonly schemas: readonly string[];
  readonly servers: readonly CatalogServer[];
  readonly tables: readonly CatalogTable[];
}

/** A key attribute and an index as DescribeTable describes them (shared with the planner). */
export type { KeyAttribute as AttributeKeyInfo, IndexInfo as IndexDescription } from './plan/key-schema';
export interface SampledAttribute {
  readonly name: string;
  /** DynamoDB types seen with how many sampled items had each. */
  readonly types: Readonly<Record<string, number>>;
  /** Share of sampled items that have the attribute, 0..1. */
  readonly frequency: number;
  /** Postgres type suggested for a column reading it. */
  readonly suggestedType: string;
}

export interface TableDescription {
  readonly table: string;
  readonly partitionKey: AttributeKeyInfo;
  readonly sortKey: AttributeKeyInfo | null;
  readonly indexes: readonly IndexDescription[];
  readonly itemCount: number | null;
  readonly sizeBytes: number | null;
  readonly billingMode: string | null;
  readonly sampleSize: number;
  readonly attributes: readonly SampledAttribute[];
}

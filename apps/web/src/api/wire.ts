/**
 * The HTTP API's wire format as the browser sees it (design.md "HTTP API contract" plus the
 * stream/cancel/catalog/tables/examples endpoints). Defined here, not imported from the server.
 */
import type { JsonValue } from './lossless-json';

export type Cell = JsonValue;

export interface WireColumn {
  readonly name: string;
  readonly type: string;
}

export type AccessOperation = 'Query' | 'Scan' | 'GetItem' | 'BatchGetItem' | 'ParallelScan' | (string & {});

export interface WireScan {
  readonly relation: string;
  readonly table: string;
  readonly server?: string;
  readonly alias?: string | null;
  readonly operation: AccessOperation;
  readonly index: string | null;
  readonly keyCondition: string | null;
  readonly filter: string | null;
  readonly keyConditionText?: string | null;
  readonly filterText?: string | null;
  readonly pushed: readonly string[];
  readonly residual: readonly string[];
  readonly projection?: readonly string[] | null;
  readonly limit?: number | null;
  readonly consistentRead?: boolean;
  /** GetItem/BatchGetItem: how many keys. */
  readonly keyCount?: number | null;
  /** Query: how many partitions (one request each). */
  readonly partitionCount?: number | null;
  /** Scan: parallel segments. */
  readonly segments?: number | null;
  /** Index Query that fetches full items back from the table. */
  readonly fetchBack?: boolean;
  /** Other access paths the planner priced. */
  readonly alternatives?: readonly { readonly operation: string; readonly index: string | null; readonly estimatedRcu: number }[];
  readonly estimatedRcu: number | null;
  readonly estimateBasis?: string;
  readonly estimateNote?: string;
  readonly consumedRcu: number | null;
  readonly scannedCount: number | null;
  readonly returnedCount: number | null;
  readonly pages?: number;
}

/** How a write statement changed DynamoDB. */
export interface WireWrite {
  readonly relation: string;
  readonly table: string;
  readonly operation: string;
  readonly condition: string | null;
  readonly requests: number;
  readonly itemsWritten: number;
  readonly consumedWcu: number;
}

export interface WirePlan {
  readonly scans: readonly WireScan[];
  readonly write?: WireWrite;
  /** Set when the engine joins the scans itself (a hash join of the items): the join condition. */
  readonly engineJoin?: string;
}

export interface WireStatement {
  readonly sql: string;
  readonly command: string;
  readonly rowCount: number | null;
  readonly columns: readonly WireColumn[];
  readonly rows: Cell[][];
  readonly cursor: string | null;
  readonly plan: WirePlan | null;
  readonly consumedRcu: number;
  readonly durationMs: number;
  readonly notices: readonly string[];
}

export interface WireError {
  readonly message: string;
  readonly sqlstate?: string;
  /** 1-based position in the submitted SQL. */
  readonly position?: number;
  readonly statementIndex?: number;
  readonly detail?: string;
  readonly hint?: string;
}

export interface WireScriptResult {
  readonly statements: WireStatement[];
  readonly error?: WireError;
}

export interface WireNextPage {
  readonly rows: Cell[][];
  readonly cursor: string | null;
  readonly consumedRcu: number;
}

export interface WireProgress {
  readonly type: 'progress';
  readonly statementIndex: number;
  readonly relation: string;
  readonly itemsScanned: number;
  readonly itemsReturned?: number;
  readonly consumedRcu: number;
}

export type StreamFrame = WireProgress | ({ readonly type: 'result' } & WireScriptResult);

export type KeyRole = 'partition' | 'sort' | null;

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly keyRole: KeyRole;
  readonly catchAll: boolean;
}

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'foreign' | 'table' | 'view';
  readonly server: string | null;
  readonly dynamoTable: string | null;
  readonly options: Readonly<Record<string, string>>;
  readonly columns: readonly CatalogColumn[];
}

export interface CatalogServer {
  readonly name: string;
  readonly wrapper: string;
  readonly options: Readonly<Record<string, string>>;
}

export interface CatalogSnapshot {
  readonly schemas: readonly string[];
  readonly servers: readonly CatalogServer[];
  readonly tables: readonly CatalogTable[];
}

export interface AttributeKeyInfo {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export interface IndexDescription {
  readonly name: string;
  readonly kind: 'GSI' | 'LSI';
  readonly partitionKey: AttributeKeyInfo;
  readonly sortKey: AttributeKeyInfo | null;
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly projectedAttributes: readonly string[];
  readonly itemCount: number | null;
  readonly sizeBytes: number | null;
}

export interface SampledAttribute {
  readonly name: string;
  readonly types: Readonly<Record<string, number>>;
  readonly frequency: number;
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

export interface ExampleSnippet {
  readonly title?: string;
  readonly name?: string;
  readonly description?: string;
  readonly sql: string;
}

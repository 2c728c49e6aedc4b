import type { ServerDef } from '../catalog/foreign-table';
import type { TableInfo } from './key-schema';
import type { TableStats } from './table-stats';

/**
 * What the planner needs to know of a DynamoDB table: its key schema and indexes, and its size for
 * the cost model. The engine asks DynamoDB (dynamo/dynamo-table-source.ts); offline plan tests give
 * fixtures, so a statement's whole plan can be checked without a DynamoDB.
 */
export interface TableSource {
  describe(server: ServerDef, table: string, signal?: AbortSignal): Promise<TableInfo>;
  stats(server: ServerDef, info: TableInfo, signal?: AbortSignal): Promise<TableStats>;
}

import type { ClientCache } from '../dynamo/client-cache';
import type { Host } from '../host/host';
import type { TableInfo } from '../plan/key-schema';
import type { TableStats } from '../plan/table-stats';
import type { SessionSettings } from './session-settings';
import type { Progress } from '../types';
import type { PlanCache } from './plan-cache';
import type { TempTables } from './temp-tables';
import type { TypeNames } from './type-names';
import type { Vault } from '../vault/vault';

/** What one statement's execution can reach. DescribeTable results live for one statement. */
export interface StatementContext {
  readonly host: Host;
  readonly clients: ClientCache;
  readonly vault: Vault;
  readonly types: TypeNames;
  readonly signal: AbortSignal | undefined;
  readonly statementIndex: number;
  readonly notices: string[];
  readonly onProgress: ((p: Progress) => void) | undefined;
  readonly describeCache: { get(key: string): TableInfo | undefined; set(key: string, info: TableInfo): void };
  /** Table sizes for the cost model, kept across statements for a few minutes (sampling costs RCU). */
  readonly statsCache: Map<string, { stats: TableStats; expires: number }>;
  /** The statement's `dynascope.*` settings, read once. */
  settings(): Promise<SessionSettings>;
  /** Relation lookups, kept until the next statement that may change the catalog. */
  readonly relationCache: Map<string, unknown>;
  /** Plans of statements answered from the items alone, reused while what they were built from holds. */
  readonly planCache: PlanCache;
  /** Temp tables to load items into, pooled between statements. */
  readonly temps: TempTables;
  /** Fresh names for per-statement temp tables. */
  readonly nextTempName: () => string;
}

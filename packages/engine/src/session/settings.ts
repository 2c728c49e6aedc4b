import type { Host } from '../host/host';

/**
 * The settings a statement runs under: the `dynascope.*` ones (`SET dynascope.consistent_read = on`,
 * ...) and the Postgres ones that change the text of rows the engine builds itself (load/direct-cell.ts).
 */
export interface SessionSettings {
  readonly consistentRead: string | null;
  readonly index: string | null;
  readonly scanSegments: string | null;
  readonly maxStatementRcu: string | null;
  /** How long each DynamoDB call retries throttling, 5xx, resets and timeouts (dynamo/retry-budget.ts). */
  readonly retryBudgetSeconds: string | null;
  /** `bytea_output`: `hex` (the default) or `escape`. */
  readonly byteaOutput: string;
  /** `dynascope.capacity_notices` (default on): the wire protocol's NOTICE of access paths and capacity after each statement. */
  readonly capacityNotices: boolean;
}

/** Reads every setting in one host round trip. */
export async function readSettings(host: Host): Promise<SessionSettings> {
  const names = ['consistent_read', 'index', 'scan_segments', 'max_statement_rcu', 'retry_budget_seconds'];
  const r = await host.query(
    `select ${names.map((n) => `nullif(current_setting('dynascope.${n}', true), '')`).join(', ')}, current_setting('bytea_output'), current_setting('dynascope.capacity_notices', true)`,
  );
  const [
    consistentRead,
    index,
    scanSegments,
    maxStatementRcu,
    retryBudgetSeconds,
    byteaOutput,
    capacityNotices,
  ] = r.rows[0] ?? [];
  return {
    consistentRead: consistentRead ?? null,
    index: index ?? null,
    scanSegments: scanSegments ?? null,
    maxStatementRcu: maxStatementRcu ?? null,
    retryBudgetSeconds: retryBudgetSeconds ?? null,
    byteaOutput: byteaOutput ?? 'hex',
    capacityNotices: !/^(off|false|no|0)$/i.test(capacityNotices ?? ''),
  };
}

import type { Host } from '../host/host';

/** The `dynascope.*` settings a statement runs under (`SET dynascope.consistent_read = on`, ...). */
export interface SessionSettings {
  readonly consistentRead: string | null;
  readonly index: string | null;
  readonly scanSegments: string | null;
  readonly maxStatementRcu: string | null;
}

/** Reads every dynascope setting in one host round trip. */
export async function readSettings(host: Host): Promise<SessionSettings> {
  const names = ['consistent_read', 'index', 'scan_segments', 'max_statement_rcu'];
  const r = await host.query(`select ${names.map((n) => `nullif(current_setting('dynascope.${n}', true), '')`).join(', ')}`);
  const [consistentRead, index, scanSegments, maxStatementRcu] = r.rows[0] ?? [];
  return { consistentRead: consistentRead ?? null, index: index ?? null, scanSegments: scanSegments ?? null, maxStatementRcu: maxStatementRcu ?? null };
}

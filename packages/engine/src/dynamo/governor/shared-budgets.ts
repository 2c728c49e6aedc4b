import pg from 'pg';
import type { CapacityKind } from './request-cost';

/**
 * Where the budgets of tables' limits live on a PostgreSQL host (owner only: user SQL neither reads
 * nor moves them). Unlogged: a budget is a few seconds' state, not worth a WAL record a request.
 */
export const SHARED_BUDGETS_SQL = `
create unlogged table if not exists dynascope.table_budgets (
  key text not null,
  kind text not null,
  paid_until double precision not null,
  primary key (key, kind)
);
revoke all on dynascope.table_budgets from public;
create or replace function dynascope.take_table_budget(k text, kd text, cost_ms double precision)
returns double precision language plpgsql set search_path = pg_catalog as $$
declare
  paid double precision;
  t double precision;
begin
  insert into dynascope.table_budgets values (k, kd, 0) on conflict do nothing;
  select paid_until into paid from dynascope.table_budgets where key = k and kind = kd for update;
  -- The clock is read once the row is ours: a request that waited for the lock is not sent early.
  t := extract(epoch from clock_timestamp()) * 1000;
  if paid > t then
    return paid - t;
  end if;
  update dynascope.table_budgets set paid_until = t + cost_ms where key = k and kind = kd;
  return 0;
end $$;
revoke all on function dynascope.take_table_budget(text, text, double precision) from public`;

/**
 * The budgets of the limits tables' options put on DynamoDB tables (table-limits.ts), shared by every
 * API process on one PostgreSQL host: each process pacing by its own budget let N processes read a
 * table at N times its limit. The same virtual scheduling as RateBudget, its `paidUntil` a row of
 * dynascope.table_budgets on the server's clock, taken under the row's lock:
 *   take('aws|eu-west-1|prod|orders', 'read', 5, 20) → 0      (taken: paid until now + 250 ms)
 *   take('aws|eu-west-1|prod|orders', 'read', 5, 20) → 250    (another process's request: wait)
 * Session limits stay in the process: a session's requests are all sent by it.
 */
export class SharedTableBudgets {
  private readonly pool: pg.Pool;
  /** When the server log last heard that takes fail (0: they answer). */
  private failingSince = 0;
  private lastWarned = 0;

  /**
   * `url`: the host's superuser URL (DYNASCOPE_DATABASE_URL). `warn`: the server's log, told when
   * takes start failing (again at most once a minute while they do) and when they answer again —
   * never the URL, which may hold a password.
   */
  constructor(
    url: string,
    private readonly warn: (line: string) => void = () => undefined,
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: 2,
      idleTimeoutMillis: 10_000,
      // A host that does not answer fails the take within a second or two: the request is then paced
      // by the process's budget (pace-requests.ts acquire), not held up behind it.
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      keepAlive: true,
      // The server gives up too (a client-side timeout alone leaves the statement running there,
      // to take the budget later for a request paced without it).
      options: '-c search_path=pg_catalog -c lock_timeout=1500 -c statement_timeout=1800',
    });
    // A connection lost while idle is made again on next use; the request that needs it fails then.
    this.pool.on('error', () => undefined);
  }

  /** How long to wait before a request of `cost` units at `rate` a second may be sent; 0: taken now. */
  async take(key: string, kind: CapacityKind, cost: number, rate: number): Promise<number> {
    try {
      const r = await this.pool.query<{ wait: number }>(
        'select dynascope.take_table_budget($1, $2, $3) as wait',
        [key, kind, (cost / rate) * 1000],
      );
      this.answered();
      return r.rows[0]!.wait;
    } catch (e) {
      this.failed(e);
      throw e;
    }
  }

  /** What a request really cost minus what was taken for it (`delta` may be negative). */
  async settle(key: string, kind: CapacityKind, delta: number, rate: number): Promise<void> {
    if (delta === 0) return;
    await this.pool.query(
      'update dynascope.table_budgets set paid_until = paid_until + $3 where key = $1 and kind = $2',
      [key, kind, (delta / rate) * 1000],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private failed(e: unknown): void {
    const now = Date.now();
    if (!this.failingSince) this.failingSince = now;
    if (now - this.lastWarned < WARN_EVERY_MS) return;
    this.lastWarned = now;
    this.warn(
      `dynascope: the host did not take a table's budget (${reasonOf(e)}): tables' throughput limits hold in each API process alone until it does`,
    );
  }

  private answered(): void {
    if (!this.failingSince) return;
    const seconds = Math.round((Date.now() - this.failingSince) / 1000);
    this.failingSince = 0;
    this.lastWarned = 0;
    this.warn(`dynascope: the host takes tables' budgets again (after ${seconds} s in which it did not)`);
  }
}

/** While takes fail, the server log hears of it at most this often. */
const WARN_EVERY_MS = 60_000;

/** What went wrong, as the log and a statement's notice say it: the message, and its SQLSTATE when the server sent one. */
export function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${message}, SQLSTATE ${code}` : message;
}

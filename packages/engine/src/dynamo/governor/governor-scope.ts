import { ContextVariable } from '../../util/context-variable';
import type { RateLimitSource } from '@dynascope/contract';
import { EngineError, SqlState } from '../../errors';
import { RateBudget } from './rate-budget';
import type { CapacityKind } from './request-cost';

export interface RateLimit {
  /** Capacity units per second. */
  readonly perSecond: number;
  readonly source: RateLimitSource;
}

/** A session's read and write budgets: one each, whatever statement of it runs. */
export interface SessionBudgets {
  readonly read: RateBudget;
  readonly write: RateBudget;
}

/** The measure of the rate shown in progress: what was consumed over the last two seconds. */
const RATE_WINDOW_MS = 2000;

/**
 * What one statement has consumed, for `dynascope.max_statement_rcu` / `max_statement_wcu` (stopping
 * it once it has consumed more) and for the rate its progress shows.
 */
export class StatementUse {
  rcu = 0;
  wcu = 0;
  private readonly recent: { at: number; kind: CapacityKind; units: number }[] = [];

  constructor(
    readonly maxRcu: number | null,
    readonly maxWcu: number | null,
    private readonly startedAt = Date.now(),
  ) {}

  add(kind: CapacityKind, units: number, now = Date.now()): void {
    if (kind === 'read') this.rcu += units;
    else this.wcu += units;
    this.recent.push({ at: now, kind, units });
    while (this.recent.length && this.recent[0]!.at < now - RATE_WINDOW_MS) this.recent.shift();
  }

  /** Units per second over the last two seconds (over the statement's time, while it is younger). */
  rate(kind: CapacityKind, now = Date.now()): number {
    const units = this.recent
      .filter((r) => r.kind === kind && r.at >= now - RATE_WINDOW_MS)
      .reduce((n, r) => n + r.units, 0);
    const span = Math.min(RATE_WINDOW_MS, Math.max(now - this.startedAt, 250));
    return Math.round((units / span) * 1000 * 10) / 10;
  }

  /** 54000 once the statement has consumed more than its `dynascope.max_statement_*` allows. */
  check(kind: CapacityKind): void {
    const used = kind === 'read' ? this.rcu : this.wcu;
    const max = kind === 'read' ? this.maxRcu : this.maxWcu;
    if (max === null || used <= max) return;
    const [unit, setting] = kind === 'read' ? ['RCU', 'max_statement_rcu'] : ['WCU', 'max_statement_wcu'];
    throw new EngineError(
      SqlState.programLimitExceeded,
      `statement stopped: it consumed ${round(used)} ${unit}, above dynascope.${setting} (${max})`,
      {
        detail: `Consumed so far: ${round(this.rcu)} RCU, ${round(this.wcu)} WCU. The estimate before it ran was lower.`,
        hint: `allow more: SET dynascope.${setting} = ${Math.ceil(used * 2)}; (RESET dynascope.${setting} removes the limit)`,
      },
    );
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** What a statement's DynamoDB calls are paced and stopped by (see pace-requests.ts). */
export interface GovernorScope {
  readonly session: SessionBudgets;
  /** The session's `dynascope.max_rcu_per_second` / `max_wcu_per_second` (null: no limit). */
  readonly rcuPerSecond: number | null;
  readonly wcuPerSecond: number | null;
  readonly statement: StatementUse;
  /** Cancels a wait for the budget. */
  readonly signal?: AbortSignal | undefined;
  /** The statement's notices: what the governor tells it (a table's limit held in this process only). */
  readonly notices?: string[];
  /** A limit setting that is not a number: the statement's first request fails with it. */
  readonly invalid?: Error;
}

const scopes = new ContextVariable<GovernorScope>();

/** Runs `fn` with every DynamoDB call it makes paced and counted in `scope`. */
export function withGovernor<T>(scope: GovernorScope, fn: () => Promise<T>): Promise<T> {
  return scopes.run(scope, fn);
}

/** The scope of the statement running here, if any. */
export function governorScope(): GovernorScope | undefined {
  return scopes.get();
}

const sessionBudgets = new WeakMap<object, SessionBudgets>();

/** The budgets of a session (any object that stands for one), made on first use. */
export function budgetsOf(session: object): SessionBudgets {
  let b = sessionBudgets.get(session);
  if (!b) sessionBudgets.set(session, (b = { read: new RateBudget(), write: new RateBudget() }));
  return b;
}

/**
 * A `dynascope.*` limit setting → its number, null when unset; a rate of 0 is no limit, a statement
 * maximum of 0 allows nothing:
 *   ('max_rcu_per_second', '20') → 20, ('max_rcu_per_second', '0') → null, ('…', 'fast') → 22023
 */
export function limitSetting(name: string, value: string | null): number | null {
  if (value === null || value === '') return null;
  const n = Number(value);
  const rate = name.endsWith('_per_second');
  if (!Number.isFinite(n) || n < 0)
    throw new EngineError(
      SqlState.invalidParameterValue,
      `invalid value for parameter "dynascope.${name}": "${value}"`,
      { hint: rate ? 'capacity units per second, 0 or more (0: no limit)' : 'capacity units, 0 or more' },
    );
  return rate && n === 0 ? null : n;
}

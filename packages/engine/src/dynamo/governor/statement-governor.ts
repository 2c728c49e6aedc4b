import type { RowSource } from '../../run/row-source';
import type { SessionSettings } from '../../session/settings';
import type { ScanPlan } from '../../types';
import {
  StatementUse,
  budgetsOf,
  governorScope,
  limitSetting,
  withGovernor,
  type GovernorScope,
} from './governor-scope';

/**
 * The governor's scope of one statement: its session's budgets, the session's rate limits and the
 * statement's own maximums as its settings say (`SET dynascope.max_rcu_per_second = 20`, ...). A
 * setting that is not a number fails the statement's first DynamoDB request, not the statement:
 * `SET` and `RESET` must still run to put it right.
 */
export function statementScope(
  session: object,
  settings: SessionSettings,
  signal: AbortSignal | undefined,
  notices?: string[],
): GovernorScope {
  try {
    return {
      session: budgetsOf(session),
      rcuPerSecond: limitSetting('max_rcu_per_second', settings.maxRcuPerSecond),
      wcuPerSecond: limitSetting('max_wcu_per_second', settings.maxWcuPerSecond),
      statement: new StatementUse(
        limitSetting('max_statement_rcu', settings.maxStatementRcu),
        limitSetting('max_statement_wcu', settings.maxStatementWcu),
      ),
      signal,
      ...(notices && { notices }),
    };
  } catch (invalid) {
    const none = {
      session: budgetsOf(session),
      rcuPerSecond: null,
      wcuPerSecond: null,
      signal,
      ...(notices && { notices }),
    };
    return { ...none, statement: new StatementUse(null, null), invalid: invalid as Error };
  }
}

/** Runs `fn` in `scope` (none: paced by the tables' shared limits only). */
export function governed<T>(scope: GovernorScope | undefined, fn: () => Promise<T>): Promise<T> {
  return scope ? withGovernor(scope, fn) : fn();
}

/** A statement's rows whose later pages (a cursor's) are read in the statement's scope too. */
export function governedSource(source: RowSource, scope: GovernorScope | undefined): RowSource {
  if (!scope) return source;
  return {
    next: (pageSize, signal) => withGovernor({ ...scope, signal }, () => source.next(pageSize, signal)),
    close: () => source.close(),
  };
}

/** What a progress report adds about the scan's rate: RCU/s now, and its limit. */
export function readRate(plan: ScanPlan): { rcuPerSecond?: number; maxRcuPerSecond?: number } {
  const scope = governorScope();
  return {
    ...(scope && { rcuPerSecond: scope.statement.rate('read') }),
    ...(plan.rateLimit && { maxRcuPerSecond: plan.rateLimit.rcuPerSecond }),
  };
}

import { randomUUID } from 'node:crypto';
import type { SavedQuery, SavedQueryCheckReport } from '@dynascope/contract';
import type { ScriptResult } from '../types';
import { checkSavedQuery, type Explained } from './saved-query-check';
import { savedQuerySql } from './saved-query-sql';
import { EngineError } from '../errors';

/**
 * "Check all": EXPLAIN of every saved query with its parameters' examples (EXPLAIN reads nothing
 * from DynamoDB but the samples the planner takes for its estimates, counted in `samplingRcu`),
 * each compared with its expectation (saved-query-check.ts). One at a time, in name order.
 */
export async function checkSavedQueries(
  queries: readonly SavedQuery[],
  explain: (sql: string) => Promise<Explained>,
): Promise<SavedQueryCheckReport> {
  const results = [];
  for (const q of queries) {
    let explained: Explained;
    try {
      explained = await explain(savedQuerySql(q.sql, q.params));
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      explained = { plans: [], error: { message: e.message, sqlstate: e.sqlstate } };
    }
    results.push(checkSavedQuery(q, explained));
  }
  return {
    checked: results.length,
    regressions: results.filter((r) => !r.ok).length,
    samplingRcu: results.reduce((sum, r) => sum + r.samplingRcu, 0),
    results,
  };
}

/** What the check needs of the engine: EXPLAIN in a session of its own, and ending that session. */
export interface ExplainIn {
  explain(sql: string, options: { session: string }): Promise<ScriptResult>;
  closeSession(session: string): Promise<void>;
}

/**
 * `checkSavedQueries` with EXPLAIN run by the engine in a fresh session (default settings, no open
 * transaction of a user's tab), ended afterwards.
 */
export async function checkWithEngine(
  queries: readonly SavedQuery[],
  engine: ExplainIn,
): Promise<SavedQueryCheckReport> {
  const session = `saved-query-check-${randomUUID()}`;
  try {
    return await checkSavedQueries(queries, async (sql) => {
      const r = await engine.explain(sql, { session });
      return {
        plans: r.statements.map((s) => s.plan),
        ...(r.error && { error: { message: r.error.message, sqlstate: r.error.sqlstate } }),
      };
    });
  } finally {
    await engine.closeSession(session);
  }
}

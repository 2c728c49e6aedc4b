import type { Progress, ScriptResult } from '@dynascope/contract';

/**
 * What each statement of a script had read by its last progress report, relation by relation, so
 * that a cancelled statement's error (57014) says what it consumed before it stopped: the engine
 * keeps no result, hence no figures, for a statement that did not finish.
 * Pages in flight when the cancel came are not counted (their answers never arrived).
 */
export class ConsumedSoFar {
  readonly #byStatement = new Map<number, Map<string, number>>();

  /**
   * The engine's `onProgress`: its `consumedRcu` is the relation's total so far in the statement. A
   * report of a throttle before any page (relation '') read nothing: the statement has not read yet.
   */
  readonly record = (p: Progress): void => {
    if (p.relation === '') return;
    const relations = this.#byStatement.get(p.statementIndex) ?? new Map<string, number>();
    relations.set(p.relation, p.consumedRcu);
    this.#byStatement.set(p.statementIndex, relations);
  };

  /** The RCU statement `index` had consumed by its last report (0 before any). */
  of(index: number): number {
    let sum = 0;
    for (const rcu of this.#byStatement.get(index)?.values() ?? []) sum += rcu;
    return sum;
  }

  /**
   * `result` with `error.consumedRcu` set when its statement was cancelled, or failed after it had
   * read (a plan card then shows what the statement used, not just "failed"):
   * `{ error: { sqlstate: '57014', statementIndex: 1 } }` → `{ error: { ..., consumedRcu: 12.5 } }`.
   * A failure before any read (a syntax error) is left as it is.
   */
  withStoppedCost<J>(result: ScriptResult<J>): ScriptResult<J> {
    const error = result.error;
    if (!error) return result;
    const index = error.statementIndex ?? 0;
    if (error.sqlstate !== '57014' && !this.#byStatement.has(index)) return result;
    return { ...result, error: { ...error, consumedRcu: this.of(index) } };
  }
}

import type { WirePlan } from '../api/wire';

/** The plan panel's line for work the engine does itself while the pages arrive (Plan.engineEvaluation). */
export interface EngineEvaluationLine {
  /** `Streaming Aggregate`, `Streaming Distinct`, `Streaming Top-N` (the engine's whole text when unknown). */
  readonly title: string;
  /** What it evaluates, as the engine names it (group columns and calls, distinct columns, order and N); null when not said. */
  readonly detail: string | null;
}

const SHAPE = /^(.+?) in the engine\s*(?:\((.*)\))?$/s;

/**
 * What the engine evaluates while reading instead of the embedded Postgres — an aggregate's states
 * per group, DISTINCT, or the top N — from the plan's `engineEvaluation` (the text EXPLAIN prints); null
 * when the engine does none (Postgres evaluates everything over the items read).
 *   'Streaming Aggregate in the engine  (group by kind: count(*))' → { title: 'Streaming Aggregate', detail: 'group by kind: count(*)' }
 *   'Streaming Top-N in the engine  (order by ts desc; keeps 10 items)' → { title: 'Streaming Top-N', detail: 'order by ts desc; keeps 10 items' }
 */
export function engineEvaluationLine(
  plan: Pick<WirePlan, 'engineEvaluation'> | null | undefined,
): EngineEvaluationLine | null {
  const text = plan?.engineEvaluation?.trim();
  if (!text) return null;
  const m = SHAPE.exec(text);
  if (!m) return { title: text, detail: null };
  return { title: m[1]!, detail: m[2]?.trim() || null };
}

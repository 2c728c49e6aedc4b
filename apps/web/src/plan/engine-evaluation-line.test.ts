import { describe, expect, it } from 'vitest';
import { engineEvaluationLine } from './engine-evaluation-line';

// The texts are the engine's (packages/engine/src/plan/statement/local-shape.ts localShapeText).
describe('engineEvaluationLine', () => {
  it('names a streaming aggregate and what it groups and computes', () => {
    expect(
      engineEvaluationLine({
        engineEvaluation: 'Streaming Aggregate in the engine  (group by kind: count(*), avg(value))',
      }),
    ).toEqual({ title: 'Streaming Aggregate', detail: 'group by kind: count(*), avg(value)' });
  });

  it('names a streaming DISTINCT and a top N with what it keeps', () => {
    expect(
      engineEvaluationLine({ engineEvaluation: 'Streaming Distinct in the engine  (kind, region)' }),
    ).toEqual({ title: 'Streaming Distinct', detail: 'kind, region' });
    expect(
      engineEvaluationLine({
        engineEvaluation: 'Streaming Top-N in the engine  (order by ts desc, id nulls first; keeps 10 items)',
      }),
    ).toEqual({ title: 'Streaming Top-N', detail: 'order by ts desc, id nulls first; keeps 10 items' });
  });

  it('keeps a text of another form whole', () => {
    expect(engineEvaluationLine({ engineEvaluation: 'Something new' })).toEqual({
      title: 'Something new',
      detail: null,
    });
  });

  it('is null when the engine evaluates nothing (or there is no plan)', () => {
    expect(engineEvaluationLine({})).toBeNull();
    expect(engineEvaluationLine({ engineEvaluation: '' })).toBeNull();
    expect(engineEvaluationLine(null)).toBeNull();
  });
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replaceAll('&#x27;', "'");

// Issue 17, defect 8: every read is shown, the sample read for estimates too.
describe('PlanPanel sampling line', () => {
  const panel = (mode: 'explain' | 'result', samplingRcu?: number, guardSamplingRcu?: number) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({
          consumedRcu: (samplingRcu ?? 0) + 1,
          plan: {
            scans: [
              scanPlan({
                estimatedRcu: 4,
                consumedRcu: 1,
                ...(samplingRcu !== undefined && { samplingRcu }),
              }),
            ],
          },
        }),
        mode,
        guardSamplingRcu,
        onExplain: () => undefined,
        busy: false,
      }),
    );

  it('an EXPLAIN that sampled a table says what the sample read', () => {
    expect(text(panel('explain', 3))).toContain(
      "Sampling read 3 RCU for estimates (in the statement's RCU; once per table, then cached)",
    );
  });
  it("a run names its own sample and the cost guard's", () => {
    expect(text(panel('result', 2))).toContain('used 3');
    expect(text(panel('result', undefined, 1.5))).toContain(
      "The cost guard's plan read 1.5 RCU sampling for estimates before the run",
    );
  });
  it('says nothing when nothing was sampled', () => {
    expect(panel('explain')).not.toContain('plan-sampling');
  });
});

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) => html.replace(/<[^>]+>/g, '');

// Issue 17, defect 1: a read the run decides (a join restricts it) shows the range it can end in.
describe('PlanPanel estimate range', () => {
  const panel = (range?: { min: number; max: number }) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({
          plan: {
            scans: [
              scanPlan({
                estimatedRcu: 0.5,
                ...(range && { estimatedRcuRange: range }),
                estimateNote: 'at most 1 Query(s)',
              }),
            ],
          },
        }),
        mode: 'explain',
        onExplain: () => undefined,
        busy: false,
      }),
    );

  it('shows the range beside the estimate, and what it means', () => {
    const html = panel({ min: 0, max: 146 });
    expect(text(html)).toContain('~0.5 (0–146)');
    expect(html).toContain('title="Between 0 and 146 RCU as the run decides: at most 1 Query(s)"');
  });
  it('shows no range for a read the plan decides', () => {
    expect(panel()).not.toContain('rcu-range');
  });
});

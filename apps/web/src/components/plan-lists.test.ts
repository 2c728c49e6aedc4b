import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { WireScan } from '../api/wire';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replaceAll('&#x27;', "'");

// Issue 17, defect 9: a BatchGetItem's keys are listed as keys, a join condition as the join's.
describe('PlanPanel lists', () => {
  const panel = (scan: Partial<WireScan>) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({ plan: { scans: [scanPlan(scan)] } }),
        mode: 'explain',
        onExplain: () => undefined,
        busy: false,
      }),
    );

  it("shows a BatchGetItem's keys, not a key condition", () => {
    const html = panel({
      operation: 'BatchGetItem',
      keyConditionText: null,
      keys: ["user_id = 'u0001'", "user_id = 'u0002'"],
      keyCount: 30,
    });
    expect(html).toContain('data-testid="keys"');
    expect(text(html)).toContain("Keys readuser_id = 'u0001'user_id = 'u0002'… 28 more");
    expect(html).not.toContain('key-condition');
    expect(text(html)).not.toContain(' OR ');
  });

  it('shows a join condition once, as the join’s, not as a residual filter', () => {
    const html = panel({
      operation: 'Query',
      pushed: ['customer_id IN (1 value read from public.users)'],
      residual: ['o.customer_id = u.user_id'],
      joinConditions: ['o.customer_id = u.user_id'],
    });
    expect(text(html)).toContain('Residual (evaluated locally)none');
    expect(text(html)).toContain('Join condition (evaluated by the join)o.customer_id = u.user_id');
    expect(text(html).split('o.customer_id = u.user_id')).toHaveLength(2);
  });
});

// A read with more pages to load is not yet off its estimate: its RCU so far is not marked as a miss.
describe('PlanPanel RCU so far', () => {
  const result = (cursor: string | null) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({
          cursor,
          plan: { scans: [scanPlan({ operation: 'Query', estimatedRcu: 79, consumedRcu: 17 })] },
        }),
        mode: 'result',
        onExplain: () => undefined,
        busy: false,
      }),
    );

  it('while pages remain: "RCU estimated → so far", no drift mark', () => {
    const html = result('c1');
    expect(text(html)).toContain('RCU estimated → so far~79→17');
    expect(html).not.toContain('class="drift"');
  });
  it('once read to the end: the miss is marked', () => {
    const html = result(null);
    expect(html).toContain('class="drift"');
    expect(text(html)).toContain('RCU estimated → actual');
  });
});

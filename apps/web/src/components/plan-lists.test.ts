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

// After "Load next page" the panel's total is the statement's (the result bar's), and the per-scan
// figures, which the engine counts for the first page only, say so.
describe('PlanPanel after later pages', () => {
  const render = (pages: { count: number; consumedRcu: number; more: boolean } | undefined) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({
          cursor: 'c1',
          consumedRcu: 5.5,
          plan: {
            scans: [
              scanPlan({
                operation: 'Query',
                estimatedRcu: 28,
                consumedRcu: 5.5,
                scannedCount: 500,
                returnedCount: 500,
              }),
            ],
          },
        }),
        mode: 'result',
        ...(pages && { pages }),
        onExplain: () => undefined,
        busy: false,
      }),
    );

  it('totals every page loaded, and marks the scan figures as the first page', () => {
    const html = render({ count: 2, consumedRcu: 11, more: true });
    expect(text(html)).toContain('used 11');
    expect(text(html)).toContain('2 pages');
    expect(text(html)).toContain('RCU estimated → first page~28→5.5');
    expect(text(html)).toContain(
      "These figures are the first page's: the later pages' RCU is in the statement's total above.",
    );
    expect(html).not.toContain('class="drift"');
  });
  it('still first page once every page is read (no miss marked against the estimate)', () => {
    const html = render({ count: 3, consumedRcu: 16.5, more: false });
    expect(text(html)).toContain('used 16.5');
    expect(text(html)).toContain('RCU estimated → first page');
    expect(html).not.toContain('class="drift"');
  });
  it('one page: as before', () => {
    expect(text(render(undefined))).toContain('RCU estimated → so far~28→5.5');
    expect(text(render(undefined))).toContain('used 5.5');
  });
});

import type { ScanPlan } from '@dynascope/contract';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) => html.replace(/<[^>]+>/g, '');
/** The price line's text and its tooltip. */
const priceOf = (html: string) => {
  const m = /<span class="stat" title="([^"]*)" data-testid="plan-price">(.*?)<\/span>/.exec(html);
  return { text: text(m?.[2] ?? ''), title: m?.[1] ?? '' };
};

// Issue 17, "Cost you can read": the plan panel prices the RCU estimate as the table is billed.
describe('PlanPanel price', () => {
  const panel = (fields: Partial<ScanPlan>) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({ plan: { scans: [scanPlan({ estimatedRcu: 146, ...fields })] } }),
        mode: 'explain',
        onExplain: () => undefined,
        busy: false,
      }),
    );

  it('prices an on-demand table per million RRU beside the estimate', () => {
    const html = panel({ billingMode: 'on-demand', region: 'us-east-1' });
    expect(text(html)).toContain('~146 RCU');
    expect(priceOf(html).text).toBe('estimated ≈ $0.000018 on-demand');
    expect(priceOf(html).title).toBe(
      'on-demand price: $0.125 per million RRU, $0.625 per million WRU (us-east-1, 2025-06)',
    );
  });

  it("prices with the session's dynascope.price_per_million_rru", () => {
    const html = panel({ billingMode: 'on-demand', priceOverrides: { perMillionRru: 1 } });
    expect(priceOf(html).text).toBe('estimated ≈ $0.00015 on-demand');
    expect(priceOf(html).title).toContain(
      '$1 per million RRU, $0.625 per million WRU (set by dynascope.price_per_million_*)',
    );
  });

  it('prices a provisioned table by RCU-hours and says so', () => {
    const html = panel({ billingMode: 'provisioned', region: 'us-east-1' });
    expect(priceOf(html).text).toBe('estimated ≈ $0.0000053 provisioned');
    expect(priceOf(html).title).toContain('per RCU-hour');
  });
});

import { formatUsd } from '@dynascope/contract';
import type { ScanPlan } from '@dynascope/contract';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) => html.replace(/<[^>]+>/g, '');
/** The price line's text and its tooltip. */
const priceOf = (html: string) => {
  const m = /<span class="stat" title="([^"]*)" data-testid="plan-price"[^>]*>(.*?)<\/span>/.exec(html);
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
    expect(priceOf(html).text).toBe('estimated ≈ $0.0000053 provisioned share');
    expect(priceOf(html).title).toContain('per RCU-hour');
  });
});

// Issue 17: a statement over tables billed differently is priced scan by scan; its price is their sum.
describe('PlanPanel price of a join over differently billed tables', () => {
  const scans = [
    scanPlan({
      relation: 'public.orders',
      billingMode: 'on-demand',
      region: 'us-east-1',
      estimatedRcu: 146,
      consumedRcu: 146,
    }),
    scanPlan({
      relation: 'public.users',
      billingMode: 'provisioned',
      region: 'us-east-1',
      estimatedRcu: 3600,
      consumedRcu: 3600,
    }),
  ];
  const panel = (mode: 'explain' | 'result') =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({ plan: { scans }, consumedRcu: 3746 }),
        mode,
        onExplain: () => undefined,
        busy: false,
      }),
    );
  const scanPrices = (html: string) =>
    [...html.matchAll(/data-testid="scan-price"[^>]*>(.*?)<\/span>/g)].map((m) => text(m[1]!));

  it('shows each scan priced by its own table, and a total that is their sum', () => {
    const onDemand = (146 * 0.125) / 1e6;
    const provisioned = (3600 * 0.00013) / 3600;
    const explained = panel('explain');
    expect(scanPrices(explained)).toEqual([
      `estimated ≈ ${formatUsd(onDemand)} on-demand`,
      `estimated ≈ ${formatUsd(provisioned)} provisioned share`,
    ]);
    expect(priceOf(explained).text).toBe(`estimated ≈ ${formatUsd(onDemand + provisioned)} mixed billing`);
    expect(priceOf(explained).title).toContain('public.orders (on-demand, us-east-1): 146 RCU');
    expect(priceOf(explained).title).toContain('public.users (provisioned, us-east-1): 3,600 RCU');
    const ran = panel('result');
    expect(scanPrices(ran)).toEqual([
      `≈ ${formatUsd(onDemand)} on-demand`,
      `≈ ${formatUsd(provisioned)} provisioned share`,
    ]);
    expect(text(/data-testid="plan-used-price"[^>]*>(.*?)<\/span>/.exec(ran)![1]!)).toBe(
      `used ≈ ${formatUsd(onDemand + provisioned)} mixed billing`,
    );
  });
});

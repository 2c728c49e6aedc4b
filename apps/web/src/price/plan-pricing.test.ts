import type { ScanPlan } from '@dynascope/contract';
import { describe, expect, it } from 'vitest';
import { planPricing } from './plan-pricing';

const scan = (fields: Partial<ScanPlan>) => fields as ScanPlan;

describe('planPricing', () => {
  it('prices a statement without a plan, or with scans that say nothing, on-demand in us-east-1', () => {
    expect(planPricing(null)).toEqual({
      mode: 'on-demand',
      region: 'us-east-1',
      overrides: {},
      mixed: false,
    });
    expect(planPricing({ scans: [scan({})] })).toEqual({
      mode: 'on-demand',
      region: 'us-east-1',
      overrides: {},
      mixed: false,
    });
  });

  it("takes the scan's billing mode, region and the session's prices", () => {
    const overrides = { perMillionRru: 0.3 };
    expect(
      planPricing({
        scans: [scan({ billingMode: 'provisioned', region: 'eu-west-1', priceOverrides: overrides })],
      }),
    ).toEqual({ mode: 'provisioned', region: 'eu-west-1', overrides, mixed: false });
  });

  it('says when the tables are billed differently, priced as the first', () => {
    const p = planPricing({
      scans: [scan({ billingMode: 'provisioned', region: 'us-east-1' }), scan({ billingMode: 'on-demand' })],
    });
    expect(p).toMatchObject({ mode: 'provisioned', mixed: true });
  });
});

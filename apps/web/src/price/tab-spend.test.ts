import { consumedPrice, statementPrice, type Plan, type ScanPlan } from '@dynascope/contract';
import { describe, expect, it } from 'vitest';
import { sampleSpend } from './sample-spend';
import type { WireStatement } from '../api/wire';
import type { StatementView } from '../state/run-view';
import { runSpend, TabSpend } from './tab-spend';

const scan = (fields: Partial<ScanPlan>) =>
  ({ relation: 'public.t', alias: null, estimatedRcu: null, ...fields }) as ScanPlan;
const statement = (plan: Plan | null, consumedRcu: number) =>
  ({ consumedRcu, stmt: { plan } }) as unknown as StatementView;
const planned = (plan: Plan) => ({ plan }) as WireStatement;
const NONE = { usd: 0, rcu: 0, wcu: 0 };
const ran = (usd: number, rcu: number, wcu = 0) => ({ statements: { usd, rcu, wcu }, estimateSamples: NONE });

describe('TabSpend', () => {
  it('counts each run once, at its latest figures, per tab', () => {
    const s = new TabSpend();
    s.record('t1', 'r1', ran(0.01, 1));
    s.record('t1', 'r1', ran(0.03, 3));
    s.record('t1', 'r2', {
      statements: { usd: 0.005, rcu: 0.5, wcu: 2 },
      estimateSamples: { usd: 0.002, rcu: 1, wcu: 0 },
    });
    s.record('t2', 'r3', ran(0.07, 7));
    expect(s.total('t1')).toMatchObject({ usd: 0.03 + 0.005 + 0.002, rcu: 4.5, wcu: 2 });
    expect(s.total('t1').estimateSamples).toEqual({ usd: 0.002, rcu: 1, wcu: 0 });
    expect(s.total('t2')).toMatchObject({ usd: 0.07, rcu: 7, wcu: 0 });
    expect(s.total('none')).toMatchObject({ usd: 0, rcu: 0, wcu: 0 });
  });

  // Issue 17, defect 8: completion's sample is a read we make: counted in the tab's total, labelled.
  it("adds completion's samples to the tab's total, apart from its statements, and tells subscribers", () => {
    const s = new TabSpend();
    let told = 0;
    s.subscribe(() => told++);
    s.record('t1', 'r1', ran(2e-6, 16));
    const sample = sampleSpend({ billingMode: 'PAY_PER_REQUEST', region: 'us-east-1', consumedRcu: 3.5 });
    s.sampled('t1', sample);
    s.sampled('t1', sampleSpend({ billingMode: 'PROVISIONED', consumedRcu: 1 }));
    const t = s.total('t1');
    expect(told).toBe(2);
    expect(sample).toEqual({ usd: (3.5 * 0.125) / 1e6, rcu: 3.5, wcu: 0 });
    expect(t.samples).toEqual({ usd: sample.usd + 0.00013 / 3600, rcu: 4.5, wcu: 0, count: 2 });
    expect(t.statements).toEqual({ usd: 2e-6, rcu: 16, wcu: 0 });
    expect(t.usd).toBe(2e-6 + t.samples.usd);
    expect(t.rcu).toBe(20.5);
    expect(s.total('t2').samples.count).toBe(0);
  });
});

describe('runSpend', () => {
  it("sums the statements' prices, each priced by its own tables and settings, not their summed units", () => {
    const join: Plan = {
      scans: [
        scan({ relation: 'public.orders', billingMode: 'on-demand', region: 'us-east-1', consumedRcu: 0.5 }),
        scan({ relation: 'public.users', billingMode: 'provisioned', region: 'us-east-1', consumedRcu: 1 }),
      ],
    };
    const overridden: Plan = {
      scans: [scan({ billingMode: 'on-demand', consumedRcu: 8, priceOverrides: { perMillionRru: 1000 } })],
    };
    const spend = runSpend({ statements: [statement(join, 1.5), statement(overridden, 8)] });
    const first =
      statementPrice({ rcu: 0.5, wcu: 0 }, 'on-demand', 'us-east-1').usd +
      statementPrice({ rcu: 1, wcu: 0 }, 'provisioned', 'us-east-1').usd;
    expect(spend.statements.usd).toBe(first + (8 * 1000) / 1e6);
    expect(spend.statements.usd).toBe(consumedPrice(join, 1.5).usd + consumedPrice(overridden, 8).usd);
    expect(spend.statements).toMatchObject({ rcu: 9.5, wcu: 0 });
    expect(spend.estimateSamples).toEqual(NONE);
    // Pricing the summed units on-demand in us-east-1, as before, gives another figure.
    expect(spend.statements.usd).not.toBeCloseTo(
      statementPrice({ rcu: 9.5, wcu: 0 }, 'on-demand', 'us-east-1').usd,
      12,
    );
  });

  it("counts the cost guard's EXPLAIN samples and a cancelled statement's reads, each by its tables", () => {
    const users = scan({
      relation: 'public.users',
      billingMode: 'on-demand',
      consumedRcu: null,
      samplingRcu: 2,
    });
    const accounts = scan({ relation: 'public.accounts', billingMode: 'provisioned', consumedRcu: null });
    const spend = runSpend({
      statements: [],
      status: 'cancelled',
      error: {
        sqlstate: '57014',
        message: 'canceling statement due to user request',
        statementIndex: 0,
        consumedRcu: 10,
      },
      progress: null,
      preview: [planned({ scans: [users, accounts] })],
    });
    // The guard's sample: 2 RCU of users, on-demand; the 10 RCU read before the cancel: at the dearest table's rate.
    const sample = statementPrice({ rcu: 2, wcu: 0 }, 'on-demand', 'us-east-1').usd;
    const stopped = statementPrice({ rcu: 10, wcu: 0 }, 'on-demand', 'us-east-1').usd;
    expect(spend).toEqual({
      statements: { usd: stopped, rcu: 10, wcu: 0 },
      estimateSamples: { usd: sample, rcu: 2, wcu: 0 },
    });
    expect(runSpend({ statements: [], status: 'done', preview: [planned({ scans: [accounts] })] })).toEqual({
      statements: NONE,
      estimateSamples: NONE,
    });
  });
});

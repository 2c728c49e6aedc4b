import { describe, expect, it } from 'vitest';
import type { ScanPlan, WritePlan } from '../results/plan';
import { consumedPrice, estimatedPrice, scanPrice } from './plan-price';
import { statementPrice } from './statement-price';

const scan = (fields: Partial<ScanPlan>) =>
  ({ relation: 'public.t', alias: null, consumedRcu: null, estimatedRcu: null, ...fields }) as ScanPlan;
const write = (fields: Partial<WritePlan>) => ({ table: 'orders', consumedWcu: 0, ...fields }) as WritePlan;

// Issue 17: a statement over tables billed differently is priced scan by scan, each by its own table.
describe('consumedPrice', () => {
  const orders = scan({
    relation: 'public.orders',
    billingMode: 'on-demand',
    region: 'us-east-1',
    consumedRcu: 0.5,
  });
  const users = scan({
    relation: 'public.users',
    alias: 'u',
    billingMode: 'provisioned',
    region: 'us-west-2',
    consumedRcu: 1,
    samplingRcu: 2,
  });

  it('prices each scan by its billing mode and region; the total is their sum', () => {
    const p = consumedPrice({ scans: [orders, users] }, 3.5);
    const alone = [
      statementPrice({ rcu: 0.5, wcu: 0 }, 'on-demand', 'us-east-1'),
      statementPrice({ rcu: 3, wcu: 0 }, 'provisioned', 'us-west-2'),
    ];
    expect(p.parts.map((x) => [x.label, x.rcu, x.price.usd])).toEqual([
      ['public.orders (on-demand, us-east-1)', 0.5, alone[0]!.usd],
      ['u (provisioned, us-west-2)', 3, alone[1]!.usd],
    ]);
    expect(p.usd).toBe(alone[0]!.usd + alone[1]!.usd);
    expect(p.usd).toBe(scanPrice(orders, false).price.usd + scanPrice(users, false).price.usd);
    expect(p.mixed).toBe(true);
  });

  it('prices the write by the written table, with the settings then in force', () => {
    const p = consumedPrice(
      {
        scans: [orders],
        write: write({
          table: 'users',
          consumedWcu: 4,
          billingMode: 'on-demand',
          priceOverrides: { perMillionWru: 2 },
        }),
      },
      0.5,
    );
    expect(p.parts[1]).toMatchObject({ label: 'write users (on-demand, us-east-1)', wcu: 4 });
    expect(p.parts[1]!.price.usd).toBe((4 * 2) / 1e6);
    expect(p.usd).toBe((0.5 * 0.125) / 1e6 + (4 * 2) / 1e6);
  });

  it("prices later pages as the single scan's table", () => {
    const p = consumedPrice({ scans: [users] }, 3 + 36);
    expect(p.parts.map((x) => [x.label, x.rcu])).toEqual([
      ['u (provisioned, us-west-2)', 3],
      ['later pages (provisioned, us-west-2)', 36],
    ]);
    expect(p.mixed).toBe(false);
  });

  it('prices later pages of a statement over differently billed tables at the dearest read, and says so', () => {
    const p = consumedPrice({ scans: [orders, users] }, 3.5 + 10);
    const later = p.parts[2]!;
    expect(later.label).toBe(
      'later pages, priced as public.orders (the dearest read) (on-demand, us-east-1)',
    );
    expect(later.price.usd).toBe(statementPrice({ rcu: 10, wcu: 0 }, 'on-demand', 'us-east-1').usd);
  });

  it('prices a statement without a plan on-demand in us-east-1', () => {
    const p = consumedPrice(null, 8);
    expect(p.parts.map((x) => x.label)).toEqual(['later pages (on-demand, us-east-1)']);
    expect(p.usd).toBe(1e-6);
  });

  it('costs nothing for nothing read', () => {
    expect(consumedPrice({ scans: [] }, 0)).toEqual({ usd: 0, parts: [], mixed: false });
  });
});

describe('estimatedPrice', () => {
  it("prices each scan's estimate by its table, and an estimated write by the written table", () => {
    const p = estimatedPrice(
      {
        scans: [
          scan({ relation: 'public.orders', billingMode: 'on-demand', estimatedRcu: 146 }),
          scan({ relation: 'public.users', billingMode: 'provisioned', estimatedRcu: 3600 }),
        ],
        write: write({ table: 'users', billingMode: 'provisioned' }),
      },
      3600,
    );
    const usd = p.parts.map((x) => x.price.usd);
    expect(usd[0]).toBeCloseTo((146 * 0.125) / 1e6, 15);
    expect(usd[1]).toBeCloseTo(0.00013, 15); // 3600 RCU: one provisioned RCU-hour
    expect(usd[2]).toBeCloseTo(0.00065, 15);
    expect(p.usd).toBe(p.parts.reduce((s, x) => s + x.price.usd, 0));
  });
});

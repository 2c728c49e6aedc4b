import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot, WirePlan } from '../api/wire';
import { guardDecision } from '../guard/cost-guard';
import { productionWrites, withReasons } from './production-writes';

const catalog = {
  schemas: ['prod', 'staging'],
  servers: [
    { name: 'prod_srv', wrapper: 'w', options: { profile: 'reader', environment: 'Production' } },
    { name: 'staging_srv', wrapper: 'w', options: { profile: 'dev', environment: 'staging' } },
  ],
  tables: [
    {
      schema: 'prod',
      name: 'orders',
      kind: 'foreign',
      server: 'prod_srv',
      dynamoTable: 'orders',
      options: {},
      columns: [],
    },
    {
      schema: 'staging',
      name: 'orders',
      kind: 'foreign',
      server: 'staging_srv',
      dynamoTable: 'orders',
      options: {},
      columns: [],
    },
  ],
} as CatalogSnapshot;
const writing = (relation: string) =>
  ({ scans: [], write: { relation, table: 'orders', operation: 'PutItem' } }) as unknown as WirePlan;

describe('productionWrites', () => {
  it('a write through a production server is a reason to confirm; staging and reads are not', () => {
    const reasons = productionWrites(
      [writing('staging.orders'), { scans: [] } as unknown as WirePlan, writing('prod.orders'), null],
      catalog,
    );
    expect(reasons).toEqual([
      { kind: 'production-write', statementIndex: 2, relation: 'prod.orders', server: 'prod_srv' },
    ]);
    expect(productionWrites([writing('prod.orders')], null)).toEqual([]);
  });

  it('joins the cost guard: a cheap write to production still asks', () => {
    const cheap = guardDecision(
      [{ sql: "insert into prod.orders values ('1')", plan: writing('prod.orders') }],
      { scanRcuThreshold: 25 },
    );
    expect(cheap.confirm).toBe(false);
    const asked = withReasons(cheap, productionWrites([writing('prod.orders')], catalog));
    expect(asked.confirm).toBe(true);
    expect(asked.reasons).toHaveLength(1);
    expect(withReasons(cheap, [])).toBe(cheap);
  });
});

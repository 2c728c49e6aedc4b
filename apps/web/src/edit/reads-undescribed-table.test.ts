import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../api/wire';
import { foreignTable } from '../test-support/catalog-fixtures';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { readsUndescribedTable } from './reads-undescribed-table';

const table = (name: string, keysDescribed: boolean) =>
  foreignTable('staging', name, { server: 'staging', keysDescribed });
const catalog: CatalogSnapshot = {
  schemas: ['staging'],
  servers: [],
  tables: [table('orders', false), table('users', true)],
};
const reading = (relation: string) => statement({ plan: { scans: [scanPlan({ relation })] } });

describe('readsUndescribedTable', () => {
  it('is true once a run read a table whose keys the catalog has not described', () => {
    expect(readsUndescribedTable([reading('staging.users'), reading('staging.orders')], catalog)).toBe(true);
    expect(readsUndescribedTable([reading('staging.users')], catalog)).toBe(false);
    expect(readsUndescribedTable([statement({ plan: null })], catalog)).toBe(false);
    expect(readsUndescribedTable([reading('staging.orders')], null)).toBe(false);
  });
});

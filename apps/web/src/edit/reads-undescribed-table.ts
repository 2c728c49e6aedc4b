import type { CatalogSnapshot, WireStatement } from '../api/wire';

/**
 * Whether a run read a foreign table whose key roles the loaded catalog has not from DynamoDB
 * (`keysDescribed` false: after a server restart, rowid_column's partition key only). The run
 * described it, so a catalog loaded now has its sort key: the grid can then edit its rows.
 *   select * from staging.orders where customer_id = 'C0041', staging.orders not described → true
 */
export function readsUndescribedTable(
  statements: readonly Pick<WireStatement, 'plan'>[],
  catalog: CatalogSnapshot | null,
): boolean {
  if (!catalog) return false;
  const undescribed = new Set(
    catalog.tables
      .filter((t) => t.kind === 'foreign' && !t.keysDescribed)
      .map((t) => `${t.schema}.${t.name}`),
  );
  return statements.some((s) => (s.plan?.scans ?? []).some((scan) => undescribed.has(scan.relation)));
}

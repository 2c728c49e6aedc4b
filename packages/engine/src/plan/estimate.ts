import type { EstimateBasis } from '../types';
import type { TableInfo } from './key-schema';

export interface Estimate {
  readonly rcu: number | null;
  readonly basis: EstimateBasis;
  readonly note: string;
}

const KB4 = 4096;

/**
 * Read capacity before reading (spec §6): a Scan reads the whole table, `ceil(bytes / 4 KB)`; a Query
 * on a partition-key-only table reads at most one item; eventual consistency costs half.
 *   Scan of a 1 MB table, eventually consistent → 128 RCU
 */
export function estimateRcu(operation: 'Query' | 'Scan', table: TableInfo, consistent: boolean): Estimate {
  const factor = consistent ? 1 : 0.5;
  const stale = 'DynamoDB refreshes ItemCount/TableSizeBytes about every 6 hours';
  if (table.itemCount === 0 || table.sizeBytes === 0) {
    return {
      rcu: null,
      basis: 'unknown',
      note: `DescribeTable reports ${table.itemCount} items / ${table.sizeBytes} bytes: the table is empty or its size is not refreshed yet (${stale}; dynalite always reports 0)`,
    };
  }
  const avgItem = table.sizeBytes / table.itemCount;
  if (operation === 'Scan') {
    return {
      rcu: Math.max(1, Math.ceil(table.sizeBytes / KB4)) * factor,
      basis: 'describe-table',
      note: `Scan reads all ${table.itemCount} items (${table.sizeBytes} bytes) whatever the filter; ${stale}`,
    };
  }
  if (!table.sortKey) {
    return {
      rcu: Math.ceil(avgItem / KB4) * factor,
      basis: 'describe-table',
      note: `one item of ~${Math.round(avgItem)} bytes (average item size from DescribeTable)`,
    };
  }
  return {
    rcu: Math.ceil(avgItem / KB4) * factor,
    basis: 'describe-table',
    note: `at least one request; grows by ${factor} RCU per 4 KB of items read from the partition (average item ~${Math.round(avgItem)} bytes)`,
  };
}

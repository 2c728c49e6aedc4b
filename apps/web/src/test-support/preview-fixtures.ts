/** Write previews (POST /api/preview) for unit tests: an UPDATE of orders by default, with overrides. */
import type { WirePreviewStatement, WireWrite } from '../api/wire';
import { scanPlan } from './wire-fixtures';

export function writePlan(over: Partial<WireWrite> = {}): WireWrite {
  return {
    relation: 'public.orders',
    table: 'orders',
    operation: 'UpdateItem',
    condition: 'attribute_exists',
    requests: 0,
    itemsWritten: 0,
    consumedWcu: 0,
    ...over,
  };
}

export function previewStatement(over: Partial<WirePreviewStatement> = {}): WirePreviewStatement {
  return {
    sql: "update orders set status = 'held' where customer_id = 'c1'",
    command: 'UPDATE',
    rowCount: 2,
    sample: [
      {
        before: { customer_id: 'c1', order_date: '2024-01-01', status: 'new' },
        after: { customer_id: 'c1', order_date: '2024-01-01', status: 'held' },
      },
      {
        before: { customer_id: 'c1', order_date: '2024-02-01', status: 'held' },
        after: { customer_id: 'c1', order_date: '2024-02-01', status: 'held' },
      },
    ],
    estimatedWcu: 4,
    atomic: false,
    hasWhere: true,
    needsConfirmation: true,
    plan: {
      scans: [scanPlan({ relation: 'public.orders', table: 'orders', operation: 'Query', consumedRcu: 0.5 })],
      write: writePlan(),
    },
    consumedRcu: 0.5,
    ...over,
  };
}

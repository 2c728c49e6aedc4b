import type { WireWrite } from '../api/wire';

/** How a write card says a write reaches DynamoDB, and what its counters mean. */
export interface WriteManner {
  readonly atomic: boolean;
  /** The badge: `Atomic: held for COMMIT` or `Not atomic: batched`. */
  readonly title: string;
  readonly detail: string;
  /** The label of `itemsWritten`: held items are not written yet (COMMIT writes them). */
  readonly itemsLabel: string;
  /**
   * Instead of the WCU and requests: a held write sends nothing until COMMIT (null: show them).
   */
  readonly capacityNote: string | null;
}

/**
 * A write's manner (WritePlan.atomic, as EXPLAIN prints it):
 *   { atomic: true } (inside BEGIN … COMMIT) → 'Atomic: held for COMMIT', items "held" (not written yet), no WCU yet
 *   { atomic: false } or absent → 'Not atomic: batched', items written, WCU and requests as sent
 */
export function writeManner(write: Pick<WireWrite, 'atomic'>): WriteManner {
  if (write.atomic)
    return {
      atomic: true,
      title: 'Atomic: held for COMMIT',
      detail: 'sent at COMMIT as one TransactWriteItems, all or nothing',
      itemsLabel: 'Items held',
      capacityNote: 'at COMMIT',
    };
  return {
    atomic: false,
    title: 'Not atomic: batched',
    detail: 'written as the statement runs; a failure leaves the items written before it',
    itemsLabel: 'Items written',
    capacityNote: null,
  };
}

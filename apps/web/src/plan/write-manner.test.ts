import { describe, expect, it } from 'vitest';
import { writeManner } from './write-manner';

describe('writeManner', () => {
  it('inside BEGIN … COMMIT: atomic, held for COMMIT, its items held rather than written, no WCU yet', () => {
    expect(writeManner({ atomic: true })).toEqual({
      atomic: true,
      title: 'Atomic: held for COMMIT',
      detail: 'sent at COMMIT as one TransactWriteItems, all or nothing',
      itemsLabel: 'Items held',
      capacityNote: 'at COMMIT',
    });
  });

  it('outside a transaction block (false or absent): batched as it runs, items written and WCU shown', () => {
    const batched = writeManner({ atomic: false });
    expect(batched).toMatchObject({
      atomic: false,
      title: 'Not atomic: batched',
      itemsLabel: 'Items written',
      capacityNote: null,
    });
    expect(writeManner({})).toEqual(batched);
  });
});

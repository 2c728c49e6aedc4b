import { describe, expect, it } from 'vitest';
import { applyOperation, composeOperations, type HeldOperation } from './pending-write';

const update = (set: Record<string, string>, remove: string[] = []): HeldOperation => ({
  kind: 'update',
  change: { set: Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { S: v }])), remove },
});

describe('composeOperations', () => {
  it('merges two updates: the later SET wins, a REMOVE drops an earlier SET, a SET undoes an earlier REMOVE', () => {
    expect(composeOperations(update({ a: '1', b: '1' }, ['c']), update({ a: '2', c: '3' }, ['b']))).toEqual(
      update({ a: '2', c: '3' }, ['b']),
    );
  });

  it('applies an update to a held put, and lets a delete or put replace whatever was held', () => {
    const put: HeldOperation = { kind: 'put', item: { id: { S: 'x' }, n: { S: '1' }, m: { S: '0' } } };
    expect(composeOperations(put, update({ n: '2' }, ['m']))).toEqual({
      kind: 'put',
      item: { id: { S: 'x' }, n: { S: '2' } },
    });
    expect(composeOperations(update({ n: '2' }), { kind: 'delete' })).toEqual({ kind: 'delete' });
    expect(composeOperations({ kind: 'delete' }, put)).toEqual(put);
  });
});

describe('applyOperation', () => {
  it('shows the item as the transaction left it', () => {
    const current = { id: { S: 'x' }, n: { S: '1' }, m: { S: '0' } };
    expect(applyOperation(update({ n: '5' }, ['m']), current)).toEqual({ id: { S: 'x' }, n: { S: '5' } });
    expect(applyOperation(update({ n: '5' }), undefined)).toBeUndefined();
    expect(applyOperation({ kind: 'delete' }, current)).toBeUndefined();
    expect(applyOperation({ kind: 'put', item: { id: { S: 'y' } } }, current)).toEqual({ id: { S: 'y' } });
  });
});

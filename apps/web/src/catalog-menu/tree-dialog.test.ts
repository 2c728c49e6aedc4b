import { describe, expect, it } from 'vitest';
import { orders, server } from '../test-support/catalog-fixtures';
import { treeDialog } from './tree-dialog';

describe('treeDialog', () => {
  it('a column shows its table’s DDL; a foreign table inspects its DynamoDB table; a server picks one', () => {
    expect(treeDialog({ kind: 'column', table: orders, column: 'status' }, 'ddl')).toEqual({
      kind: 'ddl',
      target: { kind: 'table', schema: 'public', name: 'Order Lines' },
      title: 'foreign table public.Order Lines',
    });
    expect(treeDialog({ kind: 'table', table: orders }, 'inspect')).toEqual({
      kind: 'inspect',
      server: 'demo',
      table: 'order-lines',
    });
    expect(treeDialog({ kind: 'server', server }, 'inspect')).toEqual({
      kind: 'inspect',
      server: 'demo',
      table: null,
    });
    expect(treeDialog({ kind: 'server', server }, 'ddl')).toMatchObject({
      target: { kind: 'server', name: 'demo' },
    });
    expect(treeDialog({ kind: 'column', table: orders, column: 'status' }, 'edit')).toEqual({
      kind: 'edit-table',
      table: orders,
      column: 'status',
    });
    expect(treeDialog({ kind: 'server', server }, 'edit')).toEqual({ kind: 'edit-server', server: 'demo' });
  });
});

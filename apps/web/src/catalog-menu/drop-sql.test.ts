import { describe, expect, it } from 'vitest';
import type { CatalogTable } from '../api/wire';
import { dropSql } from './drop-sql';
import { treeDialog } from './tree-dialog';
import { treeMenu } from './tree-menu';

const orders: CatalogTable = {
  schema: 'public',
  name: 'Order Lines',
  kind: 'foreign',
  server: 'demo',
  dynamoTable: 'order-lines',
  options: { table: 'order-lines' },
  columns: [{ name: 'status', type: 'text', notNull: false, keyRole: null, catchAll: false }],
};
const server = { name: 'demo', wrapper: 'dynamodb_wrapper', options: {} };

describe('dropSql', () => {
  it('drops each kind of node, quoting names, CASCADE only when asked', () => {
    expect(dropSql({ kind: 'server', server }, false)).toBe('drop server demo;');
    expect(dropSql({ kind: 'server', server }, true)).toBe('drop server demo cascade;');
    expect(dropSql({ kind: 'schema', schema: 'Sales' }, true)).toBe('drop schema "Sales" cascade;');
    expect(dropSql({ kind: 'table', table: orders }, false)).toBe('drop foreign table public."Order Lines";');
    expect(dropSql({ kind: 'table', table: { ...orders, kind: 'view', name: 'v' } }, false)).toBe(
      'drop view public.v;',
    );
    expect(dropSql({ kind: 'column', table: orders, column: 'select' }, false)).toBe(
      'alter foreign table public."Order Lines" drop column "select";',
    );
  });
});

describe('treeMenu', () => {
  const actions = (items: readonly { action: string }[]) => items.map((i) => i.action);
  it('offers what each node can do; drop is last and marked as dangerous', () => {
    expect(actions(treeMenu({ kind: 'server', server }))).toEqual(['ddl', 'edit', 'inspect', 'drop']);
    expect(actions(treeMenu({ kind: 'schema', schema: 'public' }))).toEqual(['ddl', 'drop']);
    expect(actions(treeMenu({ kind: 'table', table: orders }))).toEqual([
      'query',
      'inspect',
      'ddl',
      'edit',
      'import',
      'drop',
    ]);
    expect(treeMenu({ kind: 'table', table: orders })[1]!.label).toBe('Inspect DynamoDB table order-lines');
    // The engine writes DDL for foreign objects only; a local table queries and drops.
    expect(actions(treeMenu({ kind: 'table', table: { ...orders, kind: 'table' } }))).toEqual([
      'query',
      'drop',
    ]);
    expect(actions(treeMenu({ kind: 'column', table: orders, column: 'status' }))).toEqual([
      'ddl',
      'edit',
      'drop',
    ]);
    for (const node of [
      { kind: 'server', server } as const,
      { kind: 'table', table: orders } as const,
      { kind: 'column', table: orders, column: 'status' } as const,
    ])
      expect(treeMenu(node).filter((i) => i.danger)).toEqual([treeMenu(node).at(-1)]);
  });
});

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

import { describe, expect, it } from 'vitest';
import { orders, server } from '../test-support/catalog-fixtures';
import { treeMenu } from './tree-menu';

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

import type { TreeMenuItem, TreeNode } from './tree-node';

/**
 * The menu of a tree row: servers show DDL, edit, inspect one of their DynamoDB tables and drop;
 * schemas show DDL and drop; a foreign table queries, inspects its DynamoDB table, shows DDL, edits
 * in the designer, imports and drops; its columns show the table's DDL, edit and drop. Local tables
 * and views query and drop (the engine writes DDL for foreign objects only).
 */
export function treeMenu(node: TreeNode): readonly TreeMenuItem[] {
  switch (node.kind) {
    case 'server':
      return [
        { action: 'ddl', label: 'Show DDL' },
        { action: 'edit', label: 'Edit server…' },
        { action: 'inspect', label: 'Inspect a DynamoDB table…' },
        { action: 'drop', label: 'Drop server…', danger: true },
      ];
    case 'schema':
      return [
        { action: 'ddl', label: 'Show DDL' },
        { action: 'drop', label: 'Drop schema…', danger: true },
      ];
    case 'table':
      if (node.table.kind !== 'foreign')
        return [
          { action: 'query', label: 'Query in a new tab' },
          { action: 'drop', label: node.table.kind === 'view' ? 'Drop view…' : 'Drop table…', danger: true },
        ];
      return [
        { action: 'query', label: 'Query in a new tab' },
        { action: 'inspect', label: `Inspect DynamoDB table ${node.table.dynamoTable ?? ''}`.trim() },
        { action: 'ddl', label: 'Show DDL' },
        { action: 'edit', label: 'Edit in the designer…' },
        { action: 'import', label: 'Import a file…' },
        { action: 'drop', label: 'Drop foreign table…', danger: true },
      ];
    case 'column':
      return [
        { action: 'ddl', label: "Show the table's DDL" },
        { action: 'edit', label: 'Edit in the designer…' },
        { action: 'drop', label: 'Drop column…', danger: true },
      ];
  }
}

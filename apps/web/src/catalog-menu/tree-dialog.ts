import type { CatalogTable, DdlTarget } from '../api/wire';
import type { TreeAction, TreeNode } from './tree-node';

/** What a tree menu item opens. */
export type TreeDialog =
  | { readonly kind: 'ddl'; readonly target: DdlTarget; readonly title: string }
  | { readonly kind: 'drop'; readonly node: TreeNode }
  | { readonly kind: 'inspect'; readonly server: string; readonly table: string | null }
  | { readonly kind: 'query'; readonly table: CatalogTable }
  | { readonly kind: 'import'; readonly table: CatalogTable }
  | { readonly kind: 'edit-server'; readonly server: string }
  | { readonly kind: 'edit-table'; readonly table: CatalogTable; readonly column: string | null };

/**
 * A menu item picked on a node → what opens: a column's DDL is its table's, a foreign table's
 * inspector shows its DynamoDB table, a server's lets one pick among the server's tables.
 */
export function treeDialog(node: TreeNode, action: TreeAction): TreeDialog | null {
  const table = node.kind === 'table' || node.kind === 'column' ? node.table : null;
  switch (action) {
    case 'drop':
      return { kind: 'drop', node };
    case 'ddl':
      if (node.kind === 'server')
        return {
          kind: 'ddl',
          target: { kind: 'server', name: node.server.name },
          title: `server ${node.server.name}`,
        };
      if (node.kind === 'schema')
        return { kind: 'ddl', target: { kind: 'schema', name: node.schema }, title: `schema ${node.schema}` };
      return {
        kind: 'ddl',
        target: { kind: 'table', schema: table!.schema, name: table!.name },
        title: `foreign table ${table!.schema}.${table!.name}`,
      };
    case 'inspect':
      if (node.kind === 'server') return { kind: 'inspect', server: node.server.name, table: null };
      return table?.server && table.dynamoTable
        ? { kind: 'inspect', server: table.server, table: table.dynamoTable }
        : null;
    case 'query':
      return table ? { kind: 'query', table } : null;
    case 'import':
      return table ? { kind: 'import', table } : null;
    case 'edit':
      if (node.kind === 'server') return { kind: 'edit-server', server: node.server.name };
      return table
        ? { kind: 'edit-table', table, column: node.kind === 'column' ? node.column : null }
        : null;
  }
}

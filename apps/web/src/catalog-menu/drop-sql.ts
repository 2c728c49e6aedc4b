import { qualifiedName, quoteIdent } from '../sql/identifiers';
import type { TreeNode } from './tree-node';

/**
 * The statement dropping a tree node; CASCADE only when asked.
 * server demo → `drop server demo;`, cascade → `drop server demo cascade;`
 * table public.orders → `drop foreign table public.orders;`
 * column status of it → `alter foreign table public.orders drop column status;`
 */
export function dropSql(node: TreeNode, cascade: boolean): string {
  const tail = `${cascade ? ' cascade' : ''};`;
  switch (node.kind) {
    case 'server':
      return `drop server ${quoteIdent(node.server.name)}${tail}`;
    case 'schema':
      return `drop schema ${quoteIdent(node.schema)}${tail}`;
    case 'table': {
      const what =
        node.table.kind === 'foreign' ? 'foreign table' : node.table.kind === 'view' ? 'view' : 'table';
      return `drop ${what} ${qualifiedName(node.table.schema, node.table.name)}${tail}`;
    }
    case 'column':
      return `alter ${node.table.kind === 'foreign' ? 'foreign table' : 'table'} ${qualifiedName(
        node.table.schema,
        node.table.name,
      )} drop column ${quoteIdent(node.column)}${tail}`;
  }
}

/** What CASCADE would take with it, said before the user asks for it. */
export function cascadeMeaning(node: TreeNode): string {
  switch (node.kind) {
    case 'server':
      return 'CASCADE also drops every foreign table on this server.';
    case 'schema':
      return 'CASCADE also drops every table, foreign table and view in this schema.';
    case 'table':
    case 'column':
      return 'CASCADE also drops the views that use it.';
  }
}

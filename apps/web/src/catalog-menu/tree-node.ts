import type { CatalogServer, CatalogTable } from '../api/wire';

/** A row of the schema tree that has a menu: a server, a schema, a table or a foreign table's column. */
export type TreeNode =
  | { readonly kind: 'server'; readonly server: CatalogServer }
  | { readonly kind: 'schema'; readonly schema: string }
  | { readonly kind: 'table'; readonly table: CatalogTable }
  | { readonly kind: 'column'; readonly table: CatalogTable; readonly column: string };

/** What a tree menu item does. */
export type TreeAction = 'query' | 'inspect' | 'ddl' | 'edit' | 'import' | 'drop';

export interface TreeMenuItem {
  readonly action: TreeAction;
  readonly label: string;
  /** Destroys something (shown apart, in the danger colour). */
  readonly danger?: boolean;
}

/** The name a node goes by in menus and dialogs: `demo`, `public`, `public.orders`, `public.orders.status`. */
export function nodeLabel(node: TreeNode): string {
  switch (node.kind) {
    case 'server':
      return node.server.name;
    case 'schema':
      return node.schema;
    case 'table':
      return `${node.table.schema}.${node.table.name}`;
    case 'column':
      return `${node.table.schema}.${node.table.name}.${node.column}`;
  }
}

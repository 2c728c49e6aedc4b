export type KeyRole = 'partition' | 'sort' | null;

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  /** From the DynamoDB key schema when it is known (cached DescribeTable), else from `rowid_column`. */
  readonly keyRole: KeyRole;
  /** True for the jsonb catch-all column. */
  readonly catchAll: boolean;
  /** The DynamoDB attribute it reads and writes, when not its name (the column option `attribute`). */
  readonly attribute?: string;
}

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'foreign' | 'table' | 'view';
  readonly server: string | null;
  /** The DynamoDB table name (`table` option) for foreign tables. */
  readonly dynamoTable: string | null;
  readonly options: Readonly<Record<string, string>>;
  readonly columns: readonly CatalogColumn[];
  /**
   * A foreign table's key roles are DynamoDB's own: this process has described the table (a statement
   * over it). False (or absent): only `rowid_column`'s partition key is
   * known, and a sort key may be missing — after a restart, until a statement reads the table. An
   * item is edited by its full key only, so the workbench edits no row of such a table.
   */
  readonly keysDescribed?: boolean;
}

export interface CatalogServer {
  readonly name: string;
  readonly wrapper: string;
  /** Options with every credential masked as `********`. */
  readonly options: Readonly<Record<string, string>>;
}

/** The answer of `GET /api/catalog`: the schema tree and what autocomplete knows. */
export interface CatalogSnapshot {
  readonly schemas: readonly string[];
  readonly servers: readonly CatalogServer[];
  readonly tables: readonly CatalogTable[];
}

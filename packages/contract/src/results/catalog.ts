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

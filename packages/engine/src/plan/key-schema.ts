/** A table's key schema, from DescribeTable. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export interface IndexInfo {
  readonly name: string;
  readonly kind: 'GSI' | 'LSI';
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute | null;
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly projectedAttributes: readonly string[];
  readonly itemCount: number | null;
  readonly sizeBytes: number | null;
}

export interface TableInfo {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute | null;
  readonly indexes: readonly IndexInfo[];
  readonly itemCount: number;
  readonly sizeBytes: number;
  readonly billingMode: string | null;
}

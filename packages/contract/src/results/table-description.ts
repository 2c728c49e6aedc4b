/** A key attribute as DescribeTable describes it. */
export interface AttributeKeyInfo {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

/** A secondary index as DescribeTable describes it. */
export interface IndexDescription {
  readonly name: string;
  readonly kind: 'GSI' | 'LSI';
  readonly partitionKey: AttributeKeyInfo;
  readonly sortKey: AttributeKeyInfo | null;
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly projectedAttributes: readonly string[];
  readonly itemCount: number | null;
  readonly sizeBytes: number | null;
}

export interface SampledAttribute {
  readonly name: string;
  /** DynamoDB types seen with how many sampled items had each. */
  readonly types: Readonly<Record<string, number>>;
  /** Share of sampled items that have the attribute, 0..1. */
  readonly frequency: number;
  /** Postgres type suggested for a column reading it. */
  readonly suggestedType: string;
}

/** The answer of `GET /api/servers/:server/tables/:table` (the table designer). */
export interface TableDescription {
  readonly table: string;
  readonly partitionKey: AttributeKeyInfo;
  readonly sortKey: AttributeKeyInfo | null;
  readonly indexes: readonly IndexDescription[];
  readonly itemCount: number | null;
  readonly sizeBytes: number | null;
  readonly billingMode: string | null;
  /** The region the server's client calls, when one was set (option, profile or AWS_REGION): to price the sample with. */
  readonly region?: string;
  readonly sampleSize: number;
  /** The read capacity the sample's Scan consumed (0 when none was read; absent from older servers). */
  readonly consumedRcu?: number;
  readonly attributes: readonly SampledAttribute[];
}

/** The answer of `GET /api/servers/:server/tables`: the DynamoDB tables the server can see. */
export interface TableList {
  readonly server: string;
  readonly tables: string[];
}

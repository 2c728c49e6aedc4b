import type { AttributeKeyInfo, IndexDescription } from '@dynascope/contract';

/** A key attribute and a secondary index as DescribeTable describes them (the wire's shapes: one definition). */
export type KeyAttribute = AttributeKeyInfo;
export type IndexInfo = IndexDescription;

/** A table's key schema, from DescribeTable. */
export interface TableInfo {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute | null;
  readonly indexes: readonly IndexInfo[];
  readonly itemCount: number;
  readonly sizeBytes: number;
  readonly billingMode: string | null;
  /** Provisioned capacity and on-demand maximums (absent from offline fixtures): `read_percent` takes a share of them. */
  readonly capacity?: TableCapacity;
}

/** A table's capacity as DescribeTable reports it (0: none of that kind). */
export interface TableCapacity {
  readonly readUnits: number;
  readonly writeUnits: number;
  /** On-demand maximums (`OnDemandThroughput.MaxReadRequestUnits`, `MaxWriteRequestUnits`). */
  readonly maxReadUnits: number;
  readonly maxWriteUnits: number;
}

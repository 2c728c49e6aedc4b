import type { AttributeKeyInfo, IndexDescription } from './table-description';

/**
 * A part of the inspection that needs its own DynamoDB call (DescribeTimeToLive,
 * DescribeContinuousBackups, ListTagsOfResource): its value, or why it is not known — the emulator
 * does not implement the call, or IAM refuses it (`UnknownOperationException: ...`,
 * `AccessDeniedException: ...`).
 */
export type InspectedPart<T> =
  { readonly available: true; readonly value: T } | { readonly available: false; readonly reason: string };

/** Read and write capacity units; null where DynamoDB leaves one out. */
export interface CapacityUnits {
  readonly readUnits: number | null;
  readonly writeUnits: number | null;
}

/** Warm throughput: what the table or index can serve at once, per second. */
export interface WarmThroughput {
  readonly readUnitsPerSecond: number | null;
  readonly writeUnitsPerSecond: number | null;
  readonly status: string | null;
}

/** How a table or index is paid for and bounded. */
export interface InspectedCapacity {
  /** Provisioned read and write units; null for an on-demand table (or an index of one). */
  readonly provisioned: CapacityUnits | null;
  /** The on-demand maximum request units; null when none is set. */
  readonly onDemandMaximum: CapacityUnits | null;
  readonly warmThroughput: WarmThroughput | null;
}

/** A GSI or LSI with its keys, projection, status, capacity and size. */
export interface InspectedIndex extends IndexDescription, InspectedCapacity {
  /** `ACTIVE`, `CREATING`, `UPDATING`, `DELETING`; null for an LSI (it has none of its own). */
  readonly status: string | null;
  /** A GSI being filled from the table's items. */
  readonly backfilling: boolean;
}

/**
 * The answer of `GET /api/servers/:server/tables/:table/inspect`: everything DynamoDB says about a
 * table, from DescribeTable, DescribeTimeToLive, DescribeContinuousBackups and ListTagsOfResource.
 */
export interface TableInspection extends InspectedCapacity {
  readonly server: string;
  readonly table: string;
  readonly arn: string | null;
  /** `ACTIVE`, `CREATING`, `UPDATING`, ... */
  readonly status: string | null;
  /** ISO 8601. */
  readonly createdAt: string | null;
  readonly partitionKey: AttributeKeyInfo;
  readonly sortKey: AttributeKeyInfo | null;
  readonly indexes: readonly InspectedIndex[];
  /** `PROVISIONED` or `PAY_PER_REQUEST`. */
  readonly billingMode: string | null;
  /** `STANDARD` or `STANDARD_INFREQUENT_ACCESS`. */
  readonly tableClass: string | null;
  /** DynamoDB's ItemCount and TableSizeBytes: it refreshes them about every six hours. */
  readonly itemCount: number | null;
  readonly sizeBytes: number | null;
  /** When DescribeTable answered (ISO 8601): the count and size are at most ~6 hours older than that. */
  readonly describedAt: string;
  /** Null when the table has no stream. */
  readonly stream: { readonly viewType: string | null; readonly label: string | null } | null;
  readonly deletionProtection: boolean | null;
  readonly timeToLive: InspectedPart<{ readonly status: string; readonly attribute: string | null }>;
  readonly pointInTimeRecovery: InspectedPart<{
    readonly status: string;
    readonly earliestRestorableAt: string | null;
    readonly latestRestorableAt: string | null;
    readonly recoveryPeriodInDays: number | null;
  }>;
  readonly tags: InspectedPart<readonly { readonly key: string; readonly value: string }[]>;
}

/** DynamoDB refreshes ItemCount, TableSizeBytes and IndexSizeBytes about every six hours. */
export const SIZE_REFRESH_HOURS = 6;

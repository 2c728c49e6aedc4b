import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Column, Plan } from '../types';
import type { RowSource } from '../run/row-source';

/** What a COPY runs its query or INSERT through: the engine's statement runner (run/run-statement.ts). */
export type RunQuery = (
  node: unknown,
  text: string,
) => Promise<{
  readonly columns: readonly Column[];
  readonly source: RowSource;
  readonly plan: Plan | null;
  readonly affectedRows: number | undefined;
}>;

/** Where a COPY TO writes: told the number of columns once, then each batch of its output. */
export interface CopySink {
  readonly onStart?: (columns: number) => Promise<void> | void;
  readonly onChunk: (bytes: Uint8Array) => Promise<void>;
}

/** What a COPY did: Postgres's `COPY n`, and the plan of what it read or wrote. */
export interface CopyOutcome {
  readonly rowCount: number;
  readonly plan: Plan | null;
}

/** What a COPY FROM did, or (previewed) would do: the write capacity and the first items as written. */
export interface CopyFromOutcome extends CopyOutcome {
  readonly estimate: {
    readonly estimatedWcu: number;
    readonly sample: readonly Record<string, AttributeValue>[];
    /** The DynamoDB table, and the secondary indexes the estimate counts. */
    readonly table: string;
    readonly indexes: readonly string[];
  } | null;
}

import type { CopyPreview } from '@dynascope/contract';
import { itemJson } from './dynamodb-json';
import type { CopyFromOutcome } from './run-query';

/** A previewed COPY FROM as the API answers it: rows, estimated WCU and the first items in DynamoDB JSON. */
export function copyPreview(out: CopyFromOutcome): CopyPreview {
  return {
    command: 'COPY',
    rowCount: out.rowCount,
    estimatedWcu: out.estimate?.estimatedWcu ?? 0,
    table: out.estimate?.table ?? null,
    indexes: out.estimate?.indexes ?? [],
    sample: (out.estimate?.sample ?? []).map(itemJson),
  };
}

/**
 * `POST /api/copy?sql=<COPY ... FROM STDIN>` → what it wrote: Postgres's `COPY n` and the write
 * capacity DynamoDB reported (GSIs included).
 */
export interface CopyResult {
  readonly command: 'COPY';
  readonly rowCount: number;
  readonly consumedWcu: number;
}

/** The formats of `COPY ... TO STDOUT` and the Content-Type `POST /api/copy` answers each with. */
export const COPY_CONTENT_TYPES = {
  text: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  dynamodb_json: 'application/x-ndjson; charset=utf-8',
} as const;

export type CopyFormat = keyof typeof COPY_CONTENT_TYPES;

/**
 * `POST /api/copy?sql=<COPY t FROM STDIN>&dryRun=1` → what the COPY would write, having checked all of
 * the data and written nothing: its rows, the write capacity they would use (a PutItem per row, per
 * KB, and again for each secondary index that would hold it) and the first items as they would be
 * written, in DynamoDB JSON (`{ "id": { "S": "u1" }, "n": { "N": "2" } }`).
 */
export interface CopyPreview {
  readonly command: 'COPY';
  readonly rowCount: number;
  readonly estimatedWcu: number;
  /** The DynamoDB table written, and the secondary indexes counted in the estimate; null for a local table. */
  readonly table: string | null;
  readonly indexes: readonly string[];
  readonly sample: readonly Record<string, unknown>[];
}

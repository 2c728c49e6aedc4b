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

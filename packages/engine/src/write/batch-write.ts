import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { EngineError, throwIfAborted } from '../errors';

export interface BatchWriteResult {
  readonly requests: number;
  readonly consumedWcu: number;
}

export interface BatchWriteOptions {
  readonly signal?: AbortSignal;
  /** Retries of UnprocessedItems before giving up (default 8, with exponential backoff). */
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  /** Called with how many requests were written so far, after each BatchWriteItem. */
  readonly onWritten?: (written: number) => void;
}

/**
 * BatchWriteItem, 25 requests a call; UnprocessedItems are retried with exponential backoff until
 * written. A failure says how many rows were written before it: nothing is silently dropped.
 */
export async function batchWrite(client: DynamoDBClient, table: string, requests: WriteRequest[], options: BatchWriteOptions = {}): Promise<BatchWriteResult> {
  let written = 0;
  let calls = 0;
  let wcu = 0;
  const maxRetries = options.maxRetries ?? 8;
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length; attempt++) {
      throwIfAborted(options.signal);
      if (attempt > maxRetries) {
        throw new EngineError('HV000', `DynamoDB left ${pending.length} writes unprocessed after ${maxRetries} retries (${written} of ${requests.length} rows written)`, {
          hint: 'the table is throttled; retry the statement later or raise its capacity',
        });
      }
      if (attempt > 0) await sleep((options.baseDelayMs ?? 50) * 2 ** (attempt - 1), options.signal);
      let out;
      try {
        out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending }, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal: options.signal });
      } catch (e) {
        const err = awsError(e, `BatchWriteItem ${table}`);
        throw new EngineError(err.sqlstate, `${err.message} (${written} of ${requests.length} rows written before the error)`, { cause: e });
      }
      calls++;
      wcu += (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const unprocessed = out.UnprocessedItems?.[table] ?? [];
      written += pending.length - unprocessed.length;
      options.onWritten?.(written);
      pending = unprocessed;
    }
  }
  return { requests: calls, consumedWcu: wcu };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { batchLimit } from '../dynamo/governor/pace-requests';
import { backoffBase, backoffDelay, retryBudgetMs, withRetriesUntil } from '../dynamo/retry-budget';
import { EngineError, SqlState, throwIfAborted } from '../errors';
import { attributesText } from './item-keys';
import { runLimited } from './run-limited';

export interface BatchWriteResult {
  readonly requests: number;
  readonly consumedWcu: number;
}

export interface BatchWriteOptions {
  readonly signal?: AbortSignal;
  /** How long a batch's UnprocessedItems are retried (default: the statement's, dynamo/retry-budget.ts). */
  readonly budgetMs?: number;
  /** First backoff after UnprocessedItems (default: the SDK's throttling backoff, 1 s). */
  readonly baseDelayMs?: number;
  /** Batches in flight at once (default 8). */
  readonly concurrency?: number;
  /** Called with each request DynamoDB has processed. */
  readonly onWritten?: (request: WriteRequest) => void;
}

/**
 * BatchWriteItem, 25 requests a call, 8 calls in flight. UnprocessedItems (DynamoDB's partial
 * answer under throttling) are sent again with the SDK's backoff until the retry budget runs out; the
 * call itself retries throttling, 5xx and resets in the SDK (dynamo/retry-budget.ts). The first
 * failure stops every batch at once (write/run-limited.ts).
 */
export async function batchWrite(
  client: DynamoDBClient,
  table: string,
  requests: readonly WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<BatchWriteResult> {
  let calls = 0;
  let wcu = 0;
  const budgetMs = options.budgetMs ?? retryBudgetMs();
  const base = options.baseDelayMs ?? backoffBase(true);
  const batches: WriteRequest[][] = [];
  // 25 a call, fewer when the throughput governor would let one call cost less (dynamo/governor/).
  const size = batchLimit(client, table, 'write', 25, requests);
  for (let i = 0; i < requests.length; i += size) batches.push(requests.slice(i, i + size));
  await runLimited(batches, options.concurrency ?? 8, options.signal, async (batch, signal) => {
    const startedAt = Date.now();
    let pending = batch;
    for (let retries = 0; pending.length; retries++) {
      throwIfAborted(signal);
      if (retries > 0) {
        const leftMs = budgetMs - (Date.now() - startedAt);
        if (leftMs <= 0) {
          throw new EngineError(
            SqlState.fdwError,
            `DynamoDB left ${pending.length} writes unprocessed for ${((Date.now() - startedAt) / 1000).toFixed(1)} s (BatchWriteItem ${table}; dynascope.retry_budget_seconds is ${budgetMs / 1000})`,
            {
              hint: "the table is throttled: retry the statement later, raise the table's capacity, or allow longer retries: set dynascope.retry_budget_seconds",
            },
          );
        }
        await sleep(backoffDelay(retries - 1, base, leftMs), signal);
        throwIfAborted(signal);
      }
      let out;
      try {
        // Stopping ends retries, not the call in flight: DynamoDB applies a batch it was sent, so its
        // answer is awaited and each request it processed reported (the SDK retries it no more).
        out = await withRetriesUntil(signal, () =>
          client.send(
            new BatchWriteItemCommand({
              RequestItems: { [table]: pending },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        );
      } catch (e) {
        throw awsError(e, `BatchWriteItem ${table}`);
      }
      calls++;
      wcu += (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const unprocessed = out.UnprocessedItems?.[table] ?? [];
      const left = new Set(unprocessed.map(attributesText));
      for (const r of pending) if (!left.has(attributesText(r))) options.onWritten?.(r);
      pending = unprocessed;
    }
  });
  return { requests: calls, consumedWcu: wcu };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal.removeEventListener('abort', done), resolve()), ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

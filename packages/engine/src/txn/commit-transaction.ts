import { randomUUID } from 'node:crypto';
import {
  TransactWriteItemsCommand,
  type CancellationReason,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { retriesOf } from '../dynamo/retry-budget';
import { EngineError, SqlState } from '../errors';
import { keyText } from '../write/item-keys';
import type { PendingWrite } from './pending-write';
import { transactItem } from './transact-request';

/**
 * COMMIT's one TransactWriteItems of every held write (txn/transact-request.ts): all applied or
 * none. Its ClientRequestToken makes the SDK's retries of the call (throttling, 5xx, a lost answer)
 * idempotent — DynamoDB applies a token once. A failed condition is `40001` naming the item; an
 * endpoint without TransactWriteItems (dynalite, the embedded demo's) is `0A000`; nothing is
 * written in either case. Returns the WCU consumed.
 */
export async function commitWrites(
  client: DynamoDBClient,
  writes: readonly PendingWrite[],
  signal: AbortSignal | undefined,
): Promise<number> {
  try {
    const out = await client.send(
      new TransactWriteItemsCommand({
        TransactItems: writes.map(transactItem),
        ClientRequestToken: randomUUID(),
        ReturnConsumedCapacity: 'TOTAL',
      }),
      { ...(signal && { abortSignal: signal }) },
    );
    return (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  } catch (e) {
    throw commitError(e, writes);
  }
}

function commitError(e: unknown, writes: readonly PendingWrite[]): EngineError {
  const name = (e as Error).name;
  if (name === 'UnknownOperationException') {
    return new EngineError(
      SqlState.featureNotSupported,
      'this DynamoDB endpoint has no TransactWriteItems: the transaction block was rolled back',
      {
        detail: `Nothing was written: the ${writes.length} held write(s) were discarded.`,
        hint: 'dynalite (the embedded demo) cannot apply writes atomically: write outside BEGIN ... COMMIT (batched, not atomic), or point the server at DynamoDB or DynamoDB Local',
        cause: e,
      },
    );
  }
  const reasons = (e as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  if (name === 'TransactionCanceledException' && reasons) {
    const i = reasons.findIndex(
      (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
    );
    const w = writes[i];
    if (w) {
      const what =
        reasons[i]!.Code === 'TransactionConflict'
          ? 'was being written by another transaction'
          : w.condition.kind === 'absent'
            ? 'was created by another writer after this transaction found it absent'
            : reasons[i]!.Item
              ? 'was changed by another writer after this transaction read it'
              : 'was deleted by another writer after this transaction read it';
      return new EngineError('40001', 'could not serialize access due to concurrent update', {
        detail: `The DynamoDB item ${keyText(w.key)} of "${w.table}" ${what}. Nothing was written: the transaction block was rolled back.`,
        hint: 'run the transaction again',
        cause: e,
      });
    }
    const codes = reasons.map((r) => r.Code ?? 'None').join(', ');
    const err = awsError(e, 'TransactWriteItems');
    return new EngineError(err.sqlstate, err.message, {
      detail: `Cancellation reasons, per held write: ${codes}. Nothing was written: the transaction block was rolled back.`,
      cause: e,
    });
  }
  const err = awsError(e, 'TransactWriteItems');
  // A call whose answer was lost may have been applied (whole, and once: the token).
  const detail = retriesOf(e)?.maybeApplied
    ? 'An attempt whose answer was lost may have applied all of the transaction (once); otherwise nothing was written. The transaction block was rolled back.'
    : 'Nothing was written (a transaction is applied whole or not at all): the transaction block was rolled back.';
  return new EngineError(err.sqlstate, err.message, {
    detail,
    ...(err.hint !== undefined && { hint: err.hint }),
    cause: e,
  });
}

import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';
import { deleteRequest, readCondition, updateRequest } from '../write/conditional-write';
import type { PendingWrite } from './pending-write';

/**
 * One held write as an element of TransactWriteItems, conditioned as the transaction read the item
 * (write/conditional-write.ts builds the same expressions as a write outside a transaction):
 *   update {SET n = 2} of {id: 'a'} read as {id: 'a', n: 1} →
 *     { Update: { TableName, Key: {id}, UpdateExpression: 'SET #c0 = :c0',
 *                 ConditionExpression: 'attribute_exists(#c1) AND #c0 = :c1', ... } }
 *   put {id: 'b'} of an INSERT → { Put: { TableName, Item } } (INSERT replaces, as outside a transaction)
 *   put of INSERT ... ON CONFLICT DO NOTHING → `attribute_not_exists(#k)`
 *   delete, then insert again, of an item read → { Put: { ..., ConditionExpression: <as read> } }
 * A failed condition returns the item (`ALL_OLD`): COMMIT's 40001 says which one changed.
 */
export function transactItem(w: PendingWrite): TransactWriteItem {
  const op = w.operation;
  const c = w.condition;
  const onFailure = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
  if (c.kind === 'as-read' && op.kind === 'update') {
    const { ReturnConsumedCapacity: _, ...input } = updateRequest(c.read, op.change);
    return input.UpdateExpression
      ? { Update: { ...input, UpdateExpression: input.UpdateExpression } }
      : {
          // Nothing to change: still require the item to be as read.
          ConditionCheck: {
            TableName: input.TableName,
            Key: input.Key,
            ConditionExpression: input.ConditionExpression,
            ExpressionAttributeNames: input.ExpressionAttributeNames,
            ...(input.ExpressionAttributeValues && {
              ExpressionAttributeValues: input.ExpressionAttributeValues,
            }),
            ...onFailure,
          },
        };
  }
  if (c.kind === 'as-read' && op.kind === 'delete') {
    const { ReturnConsumedCapacity: _, ...input } = deleteRequest(c.read);
    return { Delete: input };
  }
  const condition =
    c.kind === 'as-read'
      ? readCondition(c.read)
      : c.kind === 'absent'
        ? { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': c.pkName } }
        : null;
  const conditioned = condition ? { ...condition, ...onFailure } : {};
  if (op.kind === 'put') return { Put: { TableName: w.table, Item: { ...op.item }, ...conditioned } };
  if (op.kind === 'delete') return { Delete: { TableName: w.table, Key: { ...w.key }, ...conditioned } };
  // UPDATE reads the item first (as-read), and an update of an item put in the transaction is a put.
  throw new EngineError(
    SqlState.internalError,
    `an UPDATE of ${w.relation} was held without a read of its item`,
  );
}

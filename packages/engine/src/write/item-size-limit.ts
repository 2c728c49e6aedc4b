import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';
import { itemSize } from '../plan/item-size';
import { keyText, type ItemKey } from './item-keys';

/** DynamoDB's limit on an item: 400 KB, attribute names and values together. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * Refuses an item DynamoDB would refuse for its size, before any of a statement's items is sent:
 * a write of many rows fails whole instead of after its first batches. The size is itemSize's,
 * which DynamoDB's own is at least (a number may take a byte or two more there): an item that
 * passes may still be refused, never the other way.
 *   ('public.big', { pk: 'r30' }, item of 410,012 bytes) → 54000 '... would be a DynamoDB item of 410,011 bytes, over its limit of 409,600'
 */
export function refuseOversizedItem(
  relation: string,
  key: ItemKey,
  item: Record<string, AttributeValue>,
): void {
  const size = itemSize(item);
  if (size <= MAX_ITEM_BYTES) return;
  throw new EngineError(
    SqlState.programLimitExceeded,
    `the row of foreign table "${relation}" with key ${keyText(key)} would be a DynamoDB item of ${bytes(size)} bytes, over its limit of ${bytes(MAX_ITEM_BYTES)}`,
    { hint: 'DynamoDB items hold at most 400 KB, attribute names included: nothing was written' },
  );
}

const bytes = (n: number) => n.toLocaleString('en-US');

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Item } from '../fetch/read-pages';
import type { ForeignTransaction } from '../txn/foreign-transaction';
import { applyOperation } from '../txn/pending-write';
import type { ReadItem } from '../write/conditional-write';
import { existingItems, itemExists } from '../write/item-exists';
import { itemKey, keyText } from '../write/item-keys';
import type { WriteSink } from '../write/write-sink';
import type { PreviewTarget, WritePreview } from './write-preview';

/**
 * A write statement's item writes recorded in a preview and sent nowhere (POST /api/preview): the
 * statement runs as it would — the host computes every row, UPDATE and DELETE read their items —
 * but each write only says what it would change. An INSERT looks its keys up (the transaction
 * block's held writes, else a consistent BatchGetItem): the items it would replace are its rows'
 * before, and `ON CONFLICT DO NOTHING` counts only the absent ones.
 */
export function previewSink(
  preview: WritePreview,
  client: DynamoDBClient,
  target: PreviewTarget & { readonly server: number },
  transaction: ForeignTransaction,
): WriteSink {
  const written = { outcome: 'written' as const, consumedWcu: 0 };
  // An INSERT replaces an item with its key: the one there now (or the block's held write) is its before.
  const replacing = async (items: readonly Item[], signal: AbortSignal | undefined) => {
    const keys = items.map((item) => itemKey(item, target.info, target.relation));
    const held = keys.map((key) => transaction.get(target.server, target.info.name, key));
    const { items: now, consumedRcu } = await existingItems(
      client,
      target.info.name,
      keys.filter((_, i) => !held[i]),
      signal,
    );
    preview.lookupRcu += consumedRcu;
    items.forEach((item, i) => {
      const h = held[i];
      const before = h ? applyOperation(h.operation, now.get(keyText(keys[i]!))) : now.get(keyText(keys[i]!));
      preview.record(target, before, item);
    });
  };
  const known = (read: ReadItem, names: readonly string[] = []) =>
    new Set([...read.readNames, ...Object.keys(read.image), ...names]);
  return {
    atomic: preview.atomic,
    async put(item, signal) {
      await replacing([item], signal);
      return written;
    },
    async putIfAbsent(item, signal) {
      const key = itemKey(item, target.info, target.relation);
      const held = transaction.get(target.server, target.info.name, key);
      const exists = held
        ? held.operation.kind !== 'delete'
        : await itemExists(client, target.info.name, key, signal);
      if (exists) return { outcome: 'exists', consumedWcu: 0 };
      preview.record(target, undefined, item);
      return written;
    },
    async putAll(items, onWritten, signal) {
      await replacing(items, signal);
      items.forEach((item) => onWritten(item));
      return { requests: 0, consumedWcu: 0 };
    },
    async update(read, change) {
      const after: Item | undefined = applyOperation({ kind: 'update', change }, read.image);
      preview.record(target, read.image, after, known(read, [...Object.keys(change.set), ...change.remove]));
      return written;
    },
    async delete(read) {
      preview.record(target, read.image, undefined, known(read));
      return written;
    },
  };
}

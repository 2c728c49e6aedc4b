import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Item } from '../fetch/read-pages';
import type { ForeignTransaction } from '../txn/foreign-transaction';
import { applyOperation } from '../txn/pending-write';
import type { ReadItem } from '../write/conditional-write';
import { itemExists } from '../write/item-exists';
import { itemKey } from '../write/item-keys';
import type { WriteSink } from '../write/write-sink';
import type { PreviewTarget, WritePreview } from './write-preview';

/**
 * A write statement's item writes recorded in a preview and sent nowhere (POST /api/preview): the
 * statement runs as it would — the host computes every row, UPDATE and DELETE read their items —
 * but each write only says what it would change. `INSERT ... ON CONFLICT DO NOTHING` looks its key
 * up (the transaction block's held writes, else a consistent GetItem), so the count is exact.
 */
export function previewSink(
  preview: WritePreview,
  client: DynamoDBClient,
  target: PreviewTarget & { readonly server: number },
  transaction: ForeignTransaction,
): WriteSink {
  const written = { outcome: 'written' as const, consumedWcu: 0 };
  const known = (read: ReadItem, names: readonly string[] = []) =>
    new Set([...read.readNames, ...Object.keys(read.image), ...names]);
  return {
    atomic: preview.atomic,
    async put(item) {
      preview.record(target, undefined, item);
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
    async putAll(items, onWritten) {
      for (const item of items) {
        preview.record(target, undefined, item);
        onWritten(item);
      }
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

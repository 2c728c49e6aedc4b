import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ServerDef } from '../catalog/foreign-table';
import type { Item } from '../fetch/read-pages';
import type { TableInfo } from '../plan/key-schema';
import type { ReadItem } from '../write/conditional-write';
import { itemExists } from '../write/item-exists';
import { itemKey } from '../write/item-keys';
import type { WriteSink } from '../write/write-sink';
import type { ForeignTransaction } from './foreign-transaction';
import type { HeldCondition, HeldOperation } from './pending-write';

export interface HeldTarget {
  readonly server: ServerDef;
  readonly relation: string;
  readonly info: TableInfo;
}

/**
 * Writes inside a transaction block: held in the session's transaction, nothing sent (COMMIT sends
 * them, txn/commit-transaction.ts). An UPDATE or DELETE is held with the item as read (its condition
 * at COMMIT); `INSERT ... ON CONFLICT DO NOTHING` looks the key up now (a consistent GetItem) and,
 * when it is absent, holds a put conditioned on its staying so.
 */
export function heldSink(
  transaction: ForeignTransaction,
  client: DynamoDBClient,
  target: HeldTarget,
): WriteSink {
  const table = target.info.name;
  const hold = (item: Item, condition: HeldCondition, operation: HeldOperation) => {
    transaction.hold(
      {
        server: target.server.oid,
        table,
        relation: target.relation,
        key: itemKey(item, target.info, target.relation),
        condition,
        operation,
      },
      target.server,
    );
    return { outcome: 'written' as const, consumedWcu: 0 };
  };
  const asRead = (read: ReadItem): HeldCondition => ({ kind: 'as-read', read });
  return {
    atomic: true,
    put: async (item) => hold(item, { kind: 'none' }, { kind: 'put', item }),
    async putIfAbsent(item, signal) {
      const key = itemKey(item, target.info, target.relation);
      const held = transaction.get(target.server.oid, table, key);
      const exists = held ? held.operation.kind !== 'delete' : await itemExists(client, table, key, signal);
      if (exists) return { outcome: 'exists', consumedWcu: 0 };
      return hold(item, { kind: 'absent', pkName: target.info.partitionKey.name }, { kind: 'put', item });
    },
    async putAll(items, onWritten) {
      for (const item of items) {
        hold(item, { kind: 'none' }, { kind: 'put', item });
        onWritten(item);
      }
      return { requests: 0, consumedWcu: 0 };
    },
    update: async (read, change) => hold(read.key, asRead(read), { kind: 'update', change }),
    delete: async (read) => hold(read.key, asRead(read), { kind: 'delete' }),
  };
}

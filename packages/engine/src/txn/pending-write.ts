import type { Item } from '../fetch/read-pages';
import type { ItemChange, ReadItem } from '../write/conditional-write';
import type { ItemKey } from '../write/item-keys';

/** What COMMIT requires of the item before it writes: nothing, absent, or exactly as the transaction first read it. */
export type HeldCondition =
  | { readonly kind: 'none' }
  | { readonly kind: 'absent'; readonly pkName: string }
  | { readonly kind: 'as-read'; readonly read: ReadItem };

/** What COMMIT writes to the item: the whole item, a change of some attributes, or its deletion. */
export type HeldOperation =
  | { readonly kind: 'put'; readonly item: Item }
  | { readonly kind: 'update'; readonly change: ItemChange }
  | { readonly kind: 'delete' };

/** One item's held write in a transaction: every statement's change of the item, composed into one. */
export interface PendingWrite {
  /** The server (its oid) and DynamoDB table the item is in. */
  readonly server: number;
  readonly table: string;
  readonly relation: string;
  readonly key: ItemKey;
  /** The first statement's condition: later statements read the item through the transaction's own writes. */
  readonly condition: HeldCondition;
  readonly operation: HeldOperation;
}

/**
 * A later statement's write of an item composed onto what the transaction holds for it:
 *   update {SET n = 2} then update {SET m = 3}   → update {SET n = 2, m = 3}
 *   put {id, n: 1} then update {SET n = 2}        → put {id, n: 2}
 *   update ... then delete                         → delete
 *   delete then put {id, n: 5}                     → put {id, n: 5}
 */
export function composeOperations(before: HeldOperation, after: HeldOperation): HeldOperation {
  if (after.kind !== 'update') return after;
  if (before.kind === 'put') return { kind: 'put', item: applyChange(before.item, after.change) };
  if (before.kind === 'delete') return before;
  const set = { ...before.change.set };
  for (const name of after.change.remove) delete set[name];
  Object.assign(set, after.change.set);
  const remove = [
    ...new Set([...before.change.remove, ...after.change.remove].filter((n) => !(n in after.change.set))),
  ];
  return { kind: 'update', change: { set, remove } };
}

/** The item as the transaction sees it: `current` (as DynamoDB holds it, or undefined) with the held write applied. */
export function applyOperation(operation: HeldOperation, current: Item | undefined): Item | undefined {
  switch (operation.kind) {
    case 'put':
      return operation.item;
    case 'delete':
      return undefined;
    case 'update':
      return current && applyChange(current, operation.change);
  }
}

function applyChange(item: Item, change: ItemChange): Item {
  const out: Item = { ...item, ...change.set };
  for (const name of change.remove) delete out[name];
  return out;
}

import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { retriesOf } from '../dynamo/retry-budget';
import { EngineError, throwIfAborted } from '../errors';
import type { Item } from '../fetch/read-pages';
import { attributesText, keyText, type ItemKey } from './item-keys';

/** `written`: DynamoDB applied this statement's write (once); `gone`: the item was deleted by someone else first. */
export type WriteOutcome = { readonly outcome: 'written' | 'gone'; readonly consumedWcu: number };

/** An item this statement read and now writes: its key, what the read returned, and which attributes the read asked for. */
export interface ReadItem {
  readonly table: string;
  readonly key: ItemKey;
  readonly image: Item;
  /** Attribute names the read would have returned (absent from `image`: the item did not have them). */
  readonly readNames: readonly string[];
}

/** What an UPDATE writes to one item: `SET` values and `REMOVE`d attributes. */
export interface ItemChange {
  readonly set: Readonly<Record<string, AttributeValue>>;
  readonly remove: readonly string[];
}

/**
 * UpdateItem conditioned on the item being exactly as this statement read it (the attributes the read
 * asked for: present ones equal, absent ones absent), so neither a retry nor a concurrent change can
 * make it apply twice or overwrite blindly:
 *   `{ SET n = :u0 }` read as `{id: 'a', n: 1}` →
 *   `SET #u0 = :u0` if `attribute_exists(#k) AND #c0 = :c0 AND #c1 = :c1` (#c0 id, #c1 n, :c1 1)
 * When the condition fails, DynamoDB's `ALL_OLD` says what the item holds: gone (deleted meanwhile,
 * skipped as Postgres skips a concurrently deleted row); exactly what we meant to write after an
 * attempt whose answer was lost (our write applied: counted once); anything else is a concurrent
 * change — `40001`, nothing overwritten.
 */
export async function updateItem(
  client: DynamoDBClient,
  read: ReadItem,
  change: ItemChange,
  signal: AbortSignal,
): Promise<WriteOutcome> {
  return conditional(
    client,
    read,
    signal,
    'UpdateItem',
    (current, maybeApplied) => {
      if (!current) return 'gone';
      const after: Item = { ...read.image, ...change.set };
      for (const name of change.remove) delete after[name];
      const names = [
        ...new Set([
          ...read.readNames,
          ...Object.keys(read.image),
          ...Object.keys(change.set),
          ...change.remove,
        ]),
      ];
      return maybeApplied && sameAttributes(current, after, names) ? 'written' : 'changed';
    },
    (relaxed) => new UpdateItemCommand(updateRequest(read, change, relaxed)),
  );
}

/**
 * The UpdateItem request of `updateItem` (and of a transaction's held UPDATE, txn/transact-request.ts):
 *   `{ SET n = :u0 }` read as `{id: 'a', n: 1}` →
 *   `{ UpdateExpression: 'SET #c0 = :c0', ConditionExpression: 'attribute_exists(#c1) AND #c0 = :c1', ... }`
 * Nothing to change still asks DynamoDB whether the item is there, as read (a conditional no-op).
 */
export function updateRequest(read: ReadItem, change: ItemChange, relaxed = false) {
  const expr = new Expression();
  const sets = Object.entries(change.set).map(([name, v]) => `${expr.name(name)} = ${expr.value(v)}`);
  const removes = change.remove.map((name) => expr.name(name));
  const update = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { ...(update && { UpdateExpression: update }), ...conditioned(read, expr, relaxed) };
}

/** The DeleteItem request of `deleteItem`: the key, conditioned on the item being as read. */
export function deleteRequest(read: ReadItem, relaxed = false) {
  return conditioned(read, new Expression(), relaxed);
}

/** The condition alone (for a Put or ConditionCheck in a transaction): the item is as `read` read it. */
export function readCondition(read: ReadItem) {
  const expr = new Expression();
  return { ConditionExpression: unchangedCondition(read, expr), ...expr.input() };
}

/**
 * DeleteItem conditioned on the item being as this statement read it. Gone when the condition fails:
 * deleted by our own earlier attempt whose answer was lost (counted), else by someone else (skipped);
 * still there but changed: `40001`.
 */
export async function deleteItem(
  client: DynamoDBClient,
  read: ReadItem,
  signal: AbortSignal,
): Promise<WriteOutcome> {
  return conditional(
    client,
    read,
    signal,
    'DeleteItem',
    (current, maybeApplied) => (current ? 'changed' : maybeApplied ? 'written' : 'gone'),
    (relaxed) => new DeleteItemCommand(deleteRequest(read, relaxed)),
  );
}

/**
 * PutItem unless an item with its key exists (`INSERT ... ON CONFLICT DO NOTHING`): `exists` when one
 * does — unless it is exactly this item and an earlier attempt's answer was lost (then it was ours).
 */
export async function putIfAbsent(
  client: DynamoDBClient,
  table: string,
  item: Item,
  pkName: string,
  signal: AbortSignal,
): Promise<{ readonly outcome: 'written' | 'exists'; readonly consumedWcu: number }> {
  throwIfAborted(signal);
  try {
    const out = await client.send(
      new PutItemCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#k)',
        ExpressionAttributeNames: { '#k': pkName },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
      { abortSignal: signal },
    );
    return { outcome: 'written', consumedWcu: out.ConsumedCapacity?.CapacityUnits ?? 0 };
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    const current = (e as { Item?: Item }).Item;
    const ours =
      retriesOf(e)?.maybeApplied &&
      current &&
      sameAttributes(current, item, [...new Set([...Object.keys(current), ...Object.keys(item)])]);
    return { outcome: ours ? 'written' : 'exists', consumedWcu: 0 };
  }
}

/** Sends a conditional write; on a failed condition, `judge` says what the item's current state means. */
async function conditional(
  client: DynamoDBClient,
  read: ReadItem,
  signal: AbortSignal,
  operation: string,
  judge: (current: Item | undefined, maybeApplied: boolean) => 'written' | 'gone' | 'changed',
  command: (relaxed: boolean) => UpdateItemCommand | DeleteItemCommand,
  relaxed = false,
): Promise<WriteOutcome> {
  throwIfAborted(signal);
  try {
    const out = await client.send(command(relaxed) as UpdateItemCommand, { abortSignal: signal });
    return { outcome: 'written', consumedWcu: out.ConsumedCapacity?.CapacityUnits ?? 0 };
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    // An emulator without ReturnValuesOnConditionCheckFailure (dynalite) returns no item, whether or
    // not there is one: ask with a consistent read.
    const current = (e as { Item?: Item }).Item ?? (await currentItem(client, read, signal));
    const verdict = judge(current, retriesOf(e)?.maybeApplied ?? false);
    if (verdict !== 'changed') return { outcome: verdict, consumedWcu: 0 };
    // Still exactly as read: the condition failed on a list, map or set compared by value (dynalite
    // cannot compare those): send it again with those attributes only required to exist.
    const asRead =
      current &&
      sameAttributes(current, read.image, [...new Set([...read.readNames, ...Object.keys(read.image)])]);
    if (!relaxed && asRead) return conditional(client, read, signal, operation, judge, command, true);
    throw new EngineError('40001', 'could not serialize access due to concurrent update', {
      detail: `The DynamoDB item ${keyText(read.key)} of "${read.table}" was changed by another writer after this statement read it; ${operation} was not applied to it.`,
      hint: 'nothing was overwritten: run the statement again',
      cause: e,
    });
  }
}

async function currentItem(
  client: DynamoDBClient,
  read: ReadItem,
  signal: AbortSignal,
): Promise<Item | undefined> {
  const out = await client.send(
    new GetItemCommand({ TableName: read.table, Key: { ...read.key }, ConsistentRead: true }),
    { abortSignal: signal },
  );
  return out.Item;
}

/** What every conditional write of an item sends: its key, the unchanged-condition with its placeholders, ALL_OLD. */
function conditioned(read: ReadItem, expr: Expression, relaxed: boolean) {
  const condition = unchangedCondition(read, expr, relaxed);
  return {
    TableName: read.table,
    Key: { ...read.key },
    ConditionExpression: condition,
    ...expr.input(),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    ReturnConsumedCapacity: 'TOTAL' as const,
  };
}

/**
 * `attribute_exists(#k) AND #c0 = :c0 AND attribute_not_exists(#c1) ...` over the attributes the read
 * asked for; `relaxed`: lists, maps and sets only `attribute_exists` (see `conditional`).
 */
function unchangedCondition(read: ReadItem, expr: Expression, relaxed = false): string {
  // The key attributes are the Key's: only the others are compared.
  const names = [...new Set([...read.readNames, ...Object.keys(read.image)])].filter((n) => !(n in read.key));
  const structured = (v: AttributeValue) =>
    v.L !== undefined || v.M !== undefined || v.SS !== undefined || v.NS !== undefined || v.BS !== undefined;
  const terms = names.map((name) => {
    const v = read.image[name];
    if (!v) return `attribute_not_exists(${expr.name(name)})`;
    return relaxed && structured(v)
      ? `attribute_exists(${expr.name(name)})`
      : `${expr.name(name)} = ${expr.value(v)}`;
  });
  return [`attribute_exists(${expr.name(Object.keys(read.key)[0]!)})`, ...terms].join(' AND ');
}

/** Whether two items hold the same values for `names` (sets compared as sets). */
function sameAttributes(a: Item, b: Item, names: readonly string[]): boolean {
  return names.every((n) => canonical(a[n]) === canonical(b[n]));
}

function canonical(v: AttributeValue | undefined): string {
  if (!v) return '';
  const set = v.SS ?? v.NS ?? v.BS?.map((b) => Buffer.from(b).toString('base64'));
  return set ? `${Object.keys(v)[0]}:${JSON.stringify([...set].sort())}` : attributesText(v);
}

/** Placeholders for attribute names and values: `#c0`, `:c0`, ... */
class Expression {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, AttributeValue> = {};
  private readonly byName = new Map<string, string>();

  name(attribute: string): string {
    let p = this.byName.get(attribute);
    if (!p) {
      p = `#c${this.byName.size}`;
      this.byName.set(attribute, p);
      this.names[p] = attribute;
    }
    return p;
  }

  value(v: AttributeValue): string {
    const p = `:c${Object.keys(this.values).length}`;
    this.values[p] = v;
    return p;
  }

  input(): {
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    return {
      ExpressionAttributeNames: this.names,
      ...(Object.keys(this.values).length && { ExpressionAttributeValues: this.values }),
    };
  }
}

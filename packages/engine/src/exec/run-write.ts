import {
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { catchAllToWrite, spreadCatchAll } from '../catalog/catch-all';
import type { ColumnDef } from '../catalog/foreign-table';
import { qualifiedName } from '../catalog/foreign-table';
import { awsError } from '../dynamo/aws-error';
import { EngineError, SqlState, throwIfAborted } from '../errors';
import { as, quoteIdent } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import type { Cell, Plan, WritePlan } from '../types';
import { batchWrite } from '../write/batch-write';
import { keyOfRow, keyText, rememberKeys, type ItemKey, type RowKeys } from '../write/item-keys';
import { toWriteAttribute, writeTextSql } from '../write/write-value';
import { attributeType } from '../load/attribute-json';
import { normalizeNumber } from '../util/decimal';
import { toCells } from './cells';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import { insertItems, loadScan, readScan } from './load-scan';
import { dropTempTables } from './prepare-foreign';
import type { PreparedForeign, WriteTarget } from './statement-plan';

export interface WriteOutcome {
  readonly columns: readonly { name: string; typeId: number }[];
  readonly rows: Cell[][];
  readonly affectedRows: number;
  readonly plan: Plan;
}

type WriteKind = 'InsertStmt' | 'UpdateStmt' | 'DeleteStmt';

/**
 * INSERT/UPDATE/DELETE on a foreign table (spec §4). The host evaluates the statement on a temp copy
 * of the rows (defaults, NOT NULL, expressions over the old row, RETURNING); the engine then applies
 * the difference to DynamoDB: PutItem/BatchWriteItem, and UpdateItem/DeleteItem with `attribute_exists`
 * addressed by the key each item was read with (write/item-keys.ts). UPDATE and DELETE count, and
 * return, only the items DynamoDB changed.
 */
export async function runWrite(ctx: StatementContext, prepared: PreparedForeign, kind: WriteKind, fields: Record<string, unknown>, planOnly: boolean): Promise<WriteOutcome> {
  const target = prepared.target!;
  const keys = keyColumns(target, kind);
  const conflict = as<{ action: string }>(fields.onConflictClause, 'OnConflictClause') ?? (fields.onConflictClause as { action: string } | undefined);
  if (conflict && conflict.action !== 'ONCONFLICT_NOTHING') {
    throw new EngineError(SqlState.featureNotSupported, 'ON CONFLICT DO UPDATE is not supported on foreign tables', {
      hint: 'INSERT replaces an item with the same key; use UPDATE to change existing items',
    });
  }
  if (kind === 'UpdateStmt') refuseKeyUpdates(fields, keys);
  const write: WritePlan = {
    relation: qualifiedName(target.occurrence.table),
    table: target.occurrence.table.options.table!,
    operation: kind === 'UpdateStmt' ? 'UpdateItem' : kind === 'DeleteStmt' ? 'DeleteItem' : conflict ? 'PutItem' : 'BatchWriteItem',
    condition: conflict ? `attribute_not_exists(${keys.pk.name})` : kind === 'InsertStmt' ? null : `attribute_exists(${keys.pk.name})`,
    requests: 0,
    itemsWritten: 0,
    consumedWcu: 0,
  };
  const plan: Plan = { ...ctx.run.plan(prepared), write };
  if (planOnly) {
    await dropTempTables(ctx, prepared.tempTables);
    return { columns: [], rows: [], affectedRows: 0, plan };
  }
  if (ctx.host.inTransaction()) ctx.notices.push('DynamoDB writes are applied at once and are not undone by ROLLBACK');
  try {
    const relation = qualifiedName(target.occurrence.table);
    const rowKeys: RowKeys = new Map();
    for (const scan of prepared.scans) {
      if (scan.occurrence !== target.occurrence) await loadScan(ctx, scan);
      else await readScan(ctx, scan, async (items) => rememberKeys(rowKeys, items, await insertItems(ctx, scan, items, { ctids: true }), target.info, relation));
    }
    const client = await ctx.clients.clientFor(target.occurrence.table.server);
    const { head, returning } = splitTail(prepared.rewritten.text, kind === 'InsertStmt');
    const run = (sql: string) => ctx.host.query(sql, [], (m) => ctx.notices.push(m)).catch((e) => Promise.reject(hostError(e, prepared.rewritten.originalPosition)));
    const t = `pg_temp.${quoteIdent(target.tempTable)} as ${quoteIdent(target.alias)}`;
    const columns = target.occurrence.table.columns;
    const native = target.occurrence.table.options.jsonb_write === 'native';
    const catchAll = kind === 'DeleteStmt' ? null : catchAllToWrite(target.occurrence.table);
    let affected = 0;
    let out: { columns: { name: string; typeId: number }[]; rows: Cell[][] } = { columns: [], rows: [] };

    if (kind === 'InsertStmt') {
      await run(head);
      const r = await run(`select ctid::text, ${columns.map((c) => writeTextSql(c, target.alias)).join(', ')} from ${t}`);
      const items = r.rows.map((row) => ({ ctid: row[0]!, item: itemFrom(columns, row.slice(1), catchAll, native, target, keys) }));
      const rejected: string[] = [];
      if (conflict) {
        for (const { ctid, item } of items) {
          const ok = await put(client, write, item, keys.pk.name, ctx.signal);
          if (ok) affected++;
          else rejected.push(ctid);
        }
        if (rejected.length) await ctx.host.query(`delete from pg_temp.${quoteIdent(target.tempTable)} where ctid = any($1::tid[])`, [rejected]);
      } else if (items.length === 1) {
        await put(client, write, items[0]!.item, null, ctx.signal);
        affected = 1;
      } else if (items.length) {
        const unique = new Map<string, Record<string, AttributeValue>>();
        for (const { item } of items) unique.set(keyString(item, keys), item);
        await batchWriteRecorded(client, write, [...unique.values()].map((Item) => ({ PutRequest: { Item } })), ctx.signal);
        affected = items.length;
      }
      if (returning) out = await returningRows(ctx, `select ${returning} from ${t}`);
    } else if (kind === 'UpdateStmt') {
      const setNames = new Set(targetNames(fields));
      const setCols = columns.filter((c) => setNames.has(c.name));
      const setCatchAll = catchAll && setNames.has(catchAll.name) ? catchAll : null;
      // old.ctid: the row as loaded, whose item's key was remembered (the updated row has a new ctid).
      // A target aliased `old` takes that name, so the old row is named otherwise.
      const old = target.alias === 'old' ? 'dynascope_old' : 'old';
      const prefix = [`${old}.ctid::text`, ...setCols.map((c) => writeTextSql(c, target.alias)), ...(setCatchAll ? [`${old}.${quoteIdent(setCatchAll.name)}::text`] : [])];
      const r = await run(`${head} returning ${old === 'old' ? '' : `with (old as ${old}) `}${prefix.join(', ')}${returning ? `, ${returning}` : ''}`);
      const changed = await writeEachItem(r.rows, rowKeys, relation, (key, row) => {
        const values = row.slice(1, 1 + setCols.length);
        const oldCatchAll = setCatchAll ? row[1 + setCols.length]! : null;
        return update(client, write, key, keys.pk.name, setCols, values, setCatchAll, oldCatchAll, native, ctx.signal);
      });
      affected = changed.count;
      if (changed.gone) ctx.notices.push(`${changed.gone} item(s) were deleted in DynamoDB while this statement ran and were not recreated`);
      if (returning) out = returningRowsFrom(changed.rows(r), prefix.length);
    } else {
      const r = await run(`${head} returning ${quoteIdent(target.alias)}.ctid::text${returning ? `, ${returning}` : ''}`);
      const changed = await writeEachItem(r.rows, rowKeys, relation, (key) => del(client, write, key, keys.pk.name, ctx.signal));
      affected = changed.count;
      if (changed.gone) ctx.notices.push(`${changed.gone} item(s) were deleted in DynamoDB by another writer while this statement ran`);
      if (returning) out = returningRowsFrom(changed.rows(r), 1);
    }
    return { columns: out.columns, rows: out.rows, affectedRows: affected, plan };
  } finally {
    await dropTempTables(ctx, prepared.tempTables);
  }
}

interface Keys {
  readonly pk: ColumnDef;
  readonly sk: ColumnDef | null;
  readonly list: readonly ColumnDef[];
  readonly types: Readonly<Record<string, 'S' | 'N' | 'B'>>;
}

/** The declared key columns, with the spec's rowid_column errors (§4). */
function keyColumns(target: WriteTarget, kind: WriteKind): Keys {
  const t = target.occurrence.table;
  const rowid = t.options.rowid_column;
  if (rowid === undefined) {
    throw new EngineError(SqlState.fdwError, kind === 'InsertStmt' ? "option 'rowid_column' is required" : 'required option `rowid_column` is not specified');
  }
  const col = (name: string) => t.columns.find((c) => c.name === name);
  if (!col(rowid)) throw new EngineError(SqlState.fdwError, `rowid_column attribute "${rowid}" does not exist`);
  const info = target.info;
  const pk = col(info.partitionKey.name);
  const sk = info.sortKey ? col(info.sortKey.name) : null;
  const missing = !pk ? info.partitionKey.name : info.sortKey && !sk ? info.sortKey.name : null;
  if (missing) {
    throw new EngineError(SqlState.fdwError, `foreign table "${qualifiedName(t)}" must declare the key attribute "${missing}" as a column to be written`, {
      hint: `DynamoDB table "${info.name}" is keyed by ${[info.partitionKey.name, info.sortKey?.name].filter(Boolean).join(' + ')}`,
    });
  }
  const types: Record<string, 'S' | 'N' | 'B'> = { [info.partitionKey.name]: info.partitionKey.type };
  if (info.sortKey) types[info.sortKey.name] = info.sortKey.type;
  return { pk: pk!, sk: sk ?? null, list: sk ? [pk!, sk] : [pk!], types };
}

function targetNames(fields: Record<string, unknown>): string[] {
  return ((fields.targetList as unknown[]) ?? []).map((t) => as<{ name: string }>(t, 'ResTarget')?.name ?? '');
}

function refuseKeyUpdates(fields: Record<string, unknown>, keys: Keys): void {
  for (const t of (fields.targetList as unknown[]) ?? []) {
    const r = as<{ name: string; location: number }>(t, 'ResTarget')!;
    if (keys.list.some((k) => k.name === r.name)) {
      throw new EngineError(SqlState.featureNotSupported, `cannot update key column "${r.name}": DynamoDB does not support key updates`, {
        position: r.location + 1,
        hint: 'insert the item under its new key and delete the old one',
      });
    }
  }
}

/** `insert ... on conflict do nothing returning x` → head `insert ...`, returning `x`. */
function splitTail(text: string, isInsert: boolean): { head: string; returning: string | null } {
  const tokens = scanTokens(text);
  let depth = 0;
  let cut = text.length;
  let returning: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && isInsert && /^on$/i.test(t.text) && /^conflict$/i.test(tokens[i + 1]?.text ?? '')) cut = Math.min(cut, t.start);
    else if (depth === 0 && /^returning$/i.test(t.text)) {
      cut = Math.min(cut, t.start);
      returning = text.slice(t.end).trim();
      break;
    }
  }
  return { head: text.slice(0, cut).trimEnd(), returning };
}

function itemFrom(
  columns: readonly ColumnDef[],
  values: (string | null)[],
  catchAll: ColumnDef | null,
  native: boolean,
  target: WriteTarget,
  keys: Keys,
): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = catchAll ? spreadCatchAll(catchAll, values[columns.indexOf(catchAll)] ?? null) : {};
  columns.forEach((c, i) => {
    if (c === catchAll) return;
    const v = toWriteAttribute(c, values[i] ?? null, native);
    if (v) item[c.name] = v;
  });
  for (const k of keys.list) {
    const v = item[k.name];
    if (!v) {
      throw new EngineError('23502', `null value in key column "${k.name}" of foreign table "${qualifiedName(target.occurrence.table)}"`);
    }
    if (v.S !== undefined && keys.types[k.name] === 'N') {
      item[k.name] = { N: numericKey(k, v.S) };
      continue;
    }
    if (attributeType(v) !== keys.types[k.name]) {
      throw new EngineError(SqlState.datatypeMismatch, `key column "${k.name}" is written as DynamoDB ${attributeType(v)} but the table's key is ${keys.types[k.name]}`, {
        hint: `declare "${k.name}" as ${keys.types[k.name] === 'N' ? 'numeric' : keys.types[k.name] === 'B' ? 'bytea' : 'text'}`,
      });
    }
  }
  return item;
}

/**
 * Writes the item of each row the host changed (`row[0]` is its ctid), eight at a time, each item
 * once. Every key is found before the first write, so a row that cannot be addressed fails the
 * statement with nothing written. `write` answers whether DynamoDB changed the item (false: it was gone).
 */
async function writeEachItem(
  rows: readonly (string | null)[][],
  rowKeys: RowKeys,
  relation: string,
  write: (key: ItemKey, row: (string | null)[]) => Promise<boolean>,
): Promise<{ count: number; gone: number; rows: <R extends { rows: (string | null)[][] }>(r: R) => R }> {
  const seen = new Set<string>();
  const targets: { index: number; key: ItemKey }[] = [];
  rows.forEach((row, index) => {
    const key = keyOfRow(rowKeys, row[0] ?? null, relation);
    const text = keyText(key);
    if (seen.has(text)) return;
    seen.add(text);
    targets.push({ index, key });
  });
  const changed = new Set<number>();
  await forEachLimited(targets, 8, async ({ index, key }) => {
    if (await write(key, rows[index]!)) changed.add(index);
  });
  return {
    count: changed.size,
    gone: targets.length - changed.size,
    // RETURNING shows the rows whose items were changed, as many as the count says.
    rows: (r) => ({ ...r, rows: r.rows.filter((_, i) => changed.has(i)) }),
  };
}

/** A text key column over a numeric key attribute writes the number its text holds: `'007'` → N `7`. */
function numericKey(col: ColumnDef, text: string): string {
  const n = normalizeNumber(text);
  if (n === null) {
    throw new EngineError(SqlState.invalidTextRepresentation, `invalid input for key column "${col.name}": "${text}" is not a DynamoDB number`, {
      hint: `the table's key attribute "${col.name}" is a number (N)`,
    });
  }
  return n;
}

function keyString(item: Record<string, AttributeValue>, keys: Keys): string {
  return JSON.stringify(keys.list.map((k) => item[k.name]));
}

/**
 * Sends one PutItem/UpdateItem/DeleteItem and records it on the write plan. A failed condition
 * (`ConditionalCheckFailedException`) returns false; any other error says how many rows were written.
 */
async function sendWrite(
  client: DynamoDBClient,
  write: WritePlan,
  operation: 'PutItem' | 'UpdateItem' | 'DeleteItem',
  command: PutItemCommand | UpdateItemCommand | DeleteItemCommand,
  signal?: AbortSignal,
): Promise<boolean> {
  throwIfAborted(signal);
  write.requests++;
  try {
    const out = await client.send(command as PutItemCommand, { abortSignal: signal });
    write.itemsWritten++;
    write.consumedWcu += out.ConsumedCapacity?.CapacityUnits ?? 0;
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw withCount(awsError(e, `${operation} ${write.table}`), write);
  }
}

function put(client: DynamoDBClient, write: WritePlan, item: Record<string, AttributeValue>, conditionKey: string | null, signal?: AbortSignal): Promise<boolean> {
  return sendWrite(
    client,
    write,
    'PutItem',
    new PutItemCommand({
      TableName: write.table,
      Item: item,
      ReturnConsumedCapacity: 'TOTAL',
      ...(conditionKey && { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': conditionKey } }),
    }),
    signal,
  );
}

/** DeleteItem of an item that exists: false when it was already gone. */
function del(client: DynamoDBClient, write: WritePlan, key: ItemKey, pkName: string, signal?: AbortSignal): Promise<boolean> {
  return sendWrite(
    client,
    write,
    'DeleteItem',
    new DeleteItemCommand({
      TableName: write.table,
      Key: { ...key },
      ConditionExpression: 'attribute_exists(#k)',
      ExpressionAttributeNames: { '#k': pkName },
      ReturnConsumedCapacity: 'TOTAL',
    }),
    signal,
  );
}

/** UpdateItem of an item that exists: SET the new values, REMOVE the NULLs; a catch-all change SETs and REMOVEs its members. False when the item was gone. */
async function update(
  client: DynamoDBClient,
  write: WritePlan,
  key: ItemKey,
  pkName: string,
  setCols: readonly ColumnDef[],
  values: (string | null)[],
  catchAll: ColumnDef | null,
  oldCatchAll: string | null,
  native: boolean,
  signal?: AbortSignal,
): Promise<boolean> {
  throwIfAborted(signal);
  const names: Record<string, string> = { '#k': pkName };
  const vals: Record<string, AttributeValue> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  const nameOf = (attr: string) => {
    const p = `#u${Object.keys(names).length - 1}`;
    names[p] = attr;
    return p;
  };
  const setAttr = (attr: string, v: AttributeValue) => {
    const p = `:u${Object.keys(vals).length}`;
    vals[p] = v;
    sets.push(`${nameOf(attr)} = ${p}`);
  };
  setCols.forEach((c, i) => {
    if (c === catchAll) {
      const before = spreadCatchAll(c, oldCatchAll);
      const after = spreadCatchAll(c, values[i] ?? null);
      for (const k of Object.keys(before)) if (!(k in after) && !setCols.some((s) => s.name === k)) removes.push(nameOf(k));
      for (const [k, v] of Object.entries(after)) if (!setCols.some((s) => s.name === k)) setAttr(k, v);
      return;
    }
    const v = toWriteAttribute(c, values[i] ?? null, native);
    if (v) setAttr(c.name, v);
    else removes.push(nameOf(c.name));
  });
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  return sendWrite(
    client,
    write,
    'UpdateItem',
    new UpdateItemCommand({
      TableName: write.table,
      Key: { ...key },
      // Nothing to change still asks DynamoDB whether the item exists (a conditional no-op).
      ...(expression && { UpdateExpression: expression }),
      ConditionExpression: 'attribute_exists(#k)',
      ExpressionAttributeNames: names,
      ...(Object.keys(vals).length && { ExpressionAttributeValues: vals }),
      ReturnConsumedCapacity: 'TOTAL',
    }),
    signal,
  );
}

/** BatchWriteItem (25 a request, retried), recorded on the write plan. */
async function batchWriteRecorded(client: DynamoDBClient, write: WritePlan, requests: WriteRequest[], signal?: AbortSignal): Promise<void> {
  const res = await batchWrite(client, write.table, requests, { signal });
  write.requests += res.requests;
  write.consumedWcu += res.consumedWcu;
  write.itemsWritten += requests.length;
}

function withCount(e: EngineError, write: WritePlan): EngineError {
  return new EngineError(e.sqlstate, `${e.message} (${write.itemsWritten} rows written before the error)`, { cause: e });
}

async function forEachLimited<T>(list: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) await fn(list[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}

async function returningRows(ctx: StatementContext, sql: string) {
  const r = await ctx.host.query(sql).catch((e) => Promise.reject(hostError(e)));
  return returningRowsFrom(r, 0);
}

function returningRowsFrom(r: { fields: readonly { name: string; typeId: number }[]; rows: (string | null)[][] }, skip: number) {
  const fields = r.fields.slice(skip);
  return {
    columns: fields.map((f) => ({ name: f.name, typeId: f.typeId })),
    rows: toCells(
      r.rows.map((row) => row.slice(skip)),
      fields.map((f) => f.typeId),
    ),
  };
}


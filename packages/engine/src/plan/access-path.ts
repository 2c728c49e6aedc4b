import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { distinctAlternatives, type Alternative } from './alternatives';
import { attributeValueSql } from './attribute-value';
import { keyedReadRcu, matchedItems, queryRcu, scanRcu, type CostInput } from './estimate';
import { indexQueryEstimate, type IndexQueryEstimate } from './index-estimate';
import type { IndexInfo, KeyAttribute, TableInfo } from './key-schema';
import type { ColumnPredicate, Predicate } from './predicate';
import { pushdown, type Pushdown } from './pushdown';
import type { TableStats } from './table-stats';

export type Key = Record<string, AttributeValue>;

/** The access path chosen for one foreign relation, with the requests it implies. */
export interface Access {
  readonly operation: 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan';
  readonly index: IndexInfo | null;
  /** GetItem/BatchGetItem keys. */
  readonly keys: readonly Key[];
  /** Query: one request per partition value; the value sits in `:v0`. */
  readonly partitionValues: readonly AttributeValue[];
  readonly pushdown: Pushdown;
  /** An index Query whose projection lacks attributes the statement needs: fetch items back by key. */
  readonly fetchBack: boolean;
  readonly segments: number;
  readonly estimatedRcu: number;
  /** Set when the data decides what the read costs (an index Query by value): the least and most it can read. */
  readonly estimatedRcuRange: { readonly min: number; readonly max: number } | null;
  /** Why the estimate is what it is, when the table's size alone does not say (an index Query's selectivity). */
  readonly estimateNote: string | null;
  /** Items the read is expected to return, at most (a Scan: every item of the table). */
  readonly estimatedItems: number;
  readonly alternatives: readonly Alternative[];
  readonly notices: readonly string[];
}

export interface AccessInput {
  readonly predicates: readonly Predicate[];
  readonly table: TableInfo;
  readonly stats: TableStats;
  /** Attributes the statement needs; null = all. */
  readonly projection: readonly string[] | null;
  readonly consistent: boolean;
  /** An index forced by a hint, or null. */
  readonly hint: string | null;
}

const MAX_KEYS = 1000;
const SEGMENT_BYTES = 8 * 1024 * 1024;

/**
 * Chooses the cheapest correct access path (spec §6), by estimated read capacity:
 *   pk = 'a'               (pk-only table)    → GetItem
 *   pk IN ('a', 'b')       (pk-only table)    → BatchGetItem
 *   pk IN ('a', 'b')       (composite key)    → one Query per value
 *   status = 'open'        (GSI on status)    → Query on the index, if no matching item can be missing from it
 *   anything else                             → Scan (parallel segments on large tables)
 */
export function chooseAccess(input: AccessInput): Access {
  const cost: CostInput = { stats: input.stats, consistent: input.consistent };
  const candidates: Access[] = [];
  const notices: string[] = [];
  const { table, predicates } = input;

  const pkValues = partitionValues(predicates, table.partitionKey);
  if (pkValues) {
    const byKey = keyedRead(input);
    if (byKey) candidates.push(byKey);
    // Without a sort key a Query per value reads what the keyed read does: the same path, not an alternative.
    if (table.sortKey || !candidates.length)
      candidates.push(query(input, null, table.partitionKey, table.sortKey, pkValues, cost));
  }

  for (const index of table.indexes) {
    const forced = input.hint === index.name;
    const values = partitionValues(predicates, index.partitionKey);
    if (!values) {
      if (forced)
        notices.push(
          `index "${index.name}" cannot be used: no equality on its partition key "${index.partitionKey.name}"`,
        );
      continue;
    }
    if (index.kind === 'GSI' && input.consistent) {
      if (forced)
        notices.push(
          `index "${index.name}" is a GSI, which cannot be read with strong consistency: reading it eventually consistent`,
        );
      else continue;
    }
    const unsafe = sparseRisk(index, table, predicates);
    if (unsafe && !forced) continue;
    if (unsafe) notices.push(`index "${index.name}" may miss items: ${unsafe}`);
    candidates.push(query(input, index, index.partitionKey, index.sortKey, values, cost));
  }

  const scan = scanAccess(input, cost);
  candidates.push(scan);

  const hinted = input.hint ? candidates.find((c) => c.index?.name === input.hint) : undefined;
  if (input.hint && !table.indexes.some((i) => i.name === input.hint))
    notices.push(`index "${input.hint}" does not exist on table "${table.name}"`);
  const best = hinted ?? candidates.reduce((a, b) => (b.estimatedRcu < a.estimatedRcu ? b : a));
  return Object.freeze({
    ...best,
    alternatives: distinctAlternatives(
      { operation: best.operation, index: best.index?.name ?? null },
      candidates
        .filter((c) => c !== best)
        .map((c) => ({ operation: c.operation, index: c.index?.name ?? null, estimatedRcu: c.estimatedRcu })),
    ),
    notices,
  });
}

/**
 * The read by key the predicates name, or null: equality or IN on every attribute of the primary key
 * (at most 1000 keys). Its price depends on the item size alone, not on the table's size.
 *   pk = 'a'                        → GetItem
 *   pk IN ('a', 'b') AND sk = 1     → BatchGetItem of 2 keys
 *   pk = 'a' (composite key)        → null (a Query)
 */
export function keyedRead(input: AccessInput): Access | null {
  const { table, predicates } = input;
  const pkValues = partitionValues(predicates, table.partitionKey);
  const skValues = table.sortKey ? partitionValues(predicates, table.sortKey) : null;
  if (!pkValues || (table.sortKey && !skValues)) return null;
  const keys = pkValues.values.flatMap((p) =>
    skValues
      ? skValues.values.map((s) => ({ [table.partitionKey.name]: p, [table.sortKey!.name]: s }))
      : [{ [table.partitionKey.name]: p }],
  );
  if (keys.length > MAX_KEYS) return null;
  const cost: CostInput = { stats: input.stats, consistent: input.consistent };
  return keyed(input, keys, [pkValues.predicate, ...(skValues ? [skValues.predicate] : [])], cost);
}

/** Equality or IN on a key attribute, with values of the key's type. */
function partitionValues(
  predicates: readonly Predicate[],
  key: KeyAttribute,
): { values: AttributeValue[]; predicate: ColumnPredicate } | null {
  // No key is ever empty: '' cannot name an item (and DynamoDB rejects it in a key).
  const typed = (v: AttributeValue) =>
    key.type === 'S' ? !!v.S : key.type === 'N' ? v.N !== undefined : !!v.B?.byteLength;
  for (const p of predicates) {
    if (p.kind === 'compare' && p.op === '=' && p.column === key.name && typed(p.value))
      return { values: [p.value], predicate: p };
    if (p.kind === 'in' && p.column === key.name) {
      // Empty values name no item; every other value must have the key's type.
      const values = p.values.filter((v) => v.S !== '' && v.B?.byteLength !== 0);
      if (values.length && values.every(typed)) return { values: dedupe(values), predicate: p };
    }
  }
  return null;
}

function dedupe(values: readonly AttributeValue[]): AttributeValue[] {
  const seen = new Map<string, AttributeValue>();
  for (const v of values) seen.set(JSON.stringify(v), v);
  return [...seen.values()];
}

function keyed(input: AccessInput, keys: Key[], keyPredicates: ColumnPredicate[], cost: CostInput): Access {
  const rest = input.predicates.filter((p) => !keyPredicates.includes(p as ColumnPredicate));
  const p = pushdown([], input.table, input.projection);
  return {
    operation: keys.length === 1 ? 'GetItem' : 'BatchGetItem',
    index: null,
    keys,
    partitionValues: [],
    pushdown: {
      ...p,
      // GetItem's key reads as the condition it is; BatchGetItem's keys are a list (ScanPlan.keys), not an OR.
      keyConditionText: keys.length === 1 ? keyTexts(keys)[0]! : null,
      pushed: keyPredicates.map((k) => k.sql),
      residual: rest.map((r) => r.sql),
    },
    fetchBack: false,
    segments: 1,
    estimatedRcu: keyedReadRcu(keys.length, cost),
    estimatedRcuRange: null,
    estimateNote: null,
    estimatedItems: keys.length,
    alternatives: [],
    notices: [],
  };
}

function query(
  input: AccessInput,
  index: IndexInfo | null,
  pk: KeyAttribute,
  sk: KeyAttribute | null,
  values: { values: AttributeValue[]; predicate: ColumnPredicate },
  cost: CostInput,
): Access {
  const asTable: TableInfo = { ...input.table, partitionKey: pk, sortKey: sk };
  // The partition predicate becomes `pk = :v0`; each request puts one partition value there.
  const first: Predicate = {
    kind: 'compare',
    column: pk.name,
    op: '=',
    value: values.values[0]!,
    sql: values.predicate.sql,
  };
  const others = input.predicates.filter((p) => p !== values.predicate);
  const covered = !index || coversProjection(index, input.table, input.projection);
  const fetchBack = !covered;
  // Fetching back: only key conditions go to the index (a filter on an attribute the index lacks
  // would drop every item); the rest is checked after the items come back.
  const pushable = fetchBack ? others.filter((p) => p.kind !== 'residual' && p.column === sk?.name) : others;
  const p = pushdown(
    [first, ...pushable],
    asTable,
    fetchBack ? tableKeyNames(input.table) : input.projection,
  );
  const residual = [...p.residual, ...others.filter((o) => !pushable.includes(o)).map((o) => o.sql)];
  const sortKind = sortConditionKind(p.keyCondition);
  const estimate =
    index?.kind === 'GSI'
      ? indexQueryEstimate({ index, values: values.values, sort: sortKind, fetchBack, cost })
      : tableQueryEstimate(input, index, !sk ? 'eq' : sortKind, values.values.length, fetchBack, cost);
  return {
    operation: 'Query',
    index,
    keys: [],
    partitionValues: values.values,
    pushdown: {
      ...p,
      keyConditionText:
        values.values.length > 1
          ? (p.keyConditionText ?? '').replace(
              /^[^=]+= [^ ]+/,
              `${pk.name} IN (${values.values.map(attributeValueSql).join(', ')})`,
            )
          : p.keyConditionText,
      residual,
    },
    fetchBack,
    segments: 1,
    estimatedRcu: estimate.rcu,
    estimatedRcuRange: estimate.range,
    estimateNote: estimate.note,
    estimatedItems: estimate.items,
    alternatives: [],
    notices: [],
  };
}

/** A Query of the table or of a local secondary index: a partition taken as 1% of the table (10% for an LSI). */
function tableQueryEstimate(
  input: AccessInput,
  index: IndexInfo | null,
  sortKind: 'none' | 'eq' | 'range' | 'prefix',
  requests: number,
  fetchBack: boolean,
  cost: CostInput,
): { items: number; rcu: number; range: null; note: null } {
  const share = index ? 0.1 : input.table.sortKey ? 0.01 : 0;
  const matched = index || input.table.sortKey ? matchedItems(input.stats, sortKind, share) : 1;
  const itemBytes =
    index?.sizeBytes && index.itemCount ? index.sizeBytes / index.itemCount : input.stats.avgItemBytes;
  let rcu = queryRcu(requests, matched, itemBytes, cost);
  if (fetchBack) rcu += keyedReadRcu(requests * matched, cost);
  return { items: requests * matched, rcu, range: null, note: null };
}

function scanAccess(input: AccessInput, cost: CostInput): Access {
  const p = pushdown(input.predicates, input.table, input.projection, 'scan');
  return {
    operation: 'Scan',
    index: null,
    keys: [],
    partitionValues: [],
    pushdown: p,
    fetchBack: false,
    segments: Math.max(1, Math.min(8, Math.ceil(input.stats.sizeBytes / SEGMENT_BYTES))),
    estimatedRcu: scanRcu(cost),
    estimatedRcuRange: null,
    estimateNote: null,
    estimatedItems: input.stats.itemCount,
    alternatives: [],
    notices: [],
  };
}

function sortConditionKind(keyCondition: string | null): 'none' | 'eq' | 'range' | 'prefix' {
  const sort = keyCondition?.split(' AND ').slice(1).join(' AND ') ?? '';
  if (!sort) return 'none';
  if (sort.startsWith('begins_with')) return 'prefix';
  return / = /.test(sort) ? 'eq' : 'range';
}

/**
 * Why an index could silently miss items the query needs, or null when it cannot: an index holds
 * only items that have all its key attributes, so each must be a table key or be constrained.
 */
function sparseRisk(index: IndexInfo, table: TableInfo, predicates: readonly Predicate[]): string | null {
  const tableKeys = new Set(tableKeyNames(table));
  for (const k of [index.partitionKey, index.sortKey]) {
    if (!k || tableKeys.has(k.name)) continue;
    const constrained = predicates.some(
      (p) =>
        p.kind !== 'residual' &&
        p.column === k.name &&
        !(p.kind === 'null' && p.isNull) &&
        !(p.kind === 'compare' && p.op === '<>'),
    );
    if (!constrained) return `items without "${k.name}" are not in the index`;
  }
  return null;
}

/**
 * What a join reading `table` through a global secondary index on its join column costs, before the
 * values are read (run/join-restriction.ts prices the join with it): one Query of the index per value
 * of the other relation, or null when the planner would not read that index (none on the attribute,
 * strong consistency, or a sort key the join leaves unconstrained, whose missing items the index lacks).
 *   logins l join users u on l.user_id = u.user_id, by_user on user_id, 1 user
 *   → Query by_user: ~8 items, 0.5 RCU, range 0–18
 */
export function joinIndexEstimate(input: {
  readonly table: TableInfo;
  readonly stats: TableStats;
  readonly attribute: string;
  readonly values: number;
  readonly consistent: boolean;
  readonly projection: readonly string[] | null;
}): (IndexQueryEstimate & { readonly index: IndexInfo }) | null {
  const { table } = input;
  const keys = new Set(tableKeyNames(table));
  const index = table.indexes.find(
    (i) =>
      i.kind === 'GSI' && i.partitionKey.name === input.attribute && (!i.sortKey || keys.has(i.sortKey.name)),
  );
  if (!index || input.consistent) return null;
  const estimate = indexQueryEstimate({
    index,
    values: input.values,
    sort: 'none',
    fetchBack: !coversProjection(index, table, input.projection),
    cost: { stats: input.stats, consistent: false },
  });
  return { ...estimate, index };
}

function coversProjection(index: IndexInfo, table: TableInfo, needed: readonly string[] | null): boolean {
  if (index.projection === 'ALL') return true;
  if (!needed) return false;
  const have = new Set([
    ...tableKeyNames(table),
    index.partitionKey.name,
    ...(index.sortKey ? [index.sortKey.name] : []),
    ...index.projectedAttributes,
  ]);
  return needed.every((n) => have.has(n));
}

export function tableKeyNames(table: TableInfo): string[] {
  return [table.partitionKey.name, ...(table.sortKey ? [table.sortKey.name] : [])];
}

/**
 * Each key of a keyed read as people read it, the first `max` of them:
 *   [{ pk: 'a', sk: 1 }, { pk: 'b', sk: 2 }] → ["pk = 'a' AND sk = 1", "pk = 'b' AND sk = 2"]
 */
export function keyTexts(keys: readonly Key[], max = keys.length): string[] {
  return keys.slice(0, max).map((k) =>
    Object.entries(k)
      .map(([n, v]) => `${n} = ${attributeValueSql(v)}`)
      .join(' AND '),
  );
}

import type { ForeignOccurrence } from '../../bind/bind';
import { qualifiedName } from '../../catalog/foreign-table';
import { isTrue } from '../../catalog/options';
import { attributeOfName } from '../../catalog/column-attribute';
import {
  BATCH_GET_KEYS,
  FULL_READ,
  plannedRequest,
  type BaseInput,
  type ReadShape,
} from '../../fetch/read-request';
import {
  chooseAccess,
  keyedRead,
  keyTexts,
  tableKeyNames,
  type Access,
  type AccessInput,
} from '../access-path';
import type { TableInfo } from '../key-schema';
import type { Predicate } from '../predicate';
import { assumedStats, describedStats, expiredStats, type TableStats } from '../table-stats';
import type { ScanPlan } from '../../types';
import type { StatementContext } from '../../run/context';
import { tablePricing } from '../price-overrides';
import type { Dependencies } from './plan-cache';
import type { PlannedScan } from './statement-plan';
import { projected } from './projected-input';
import { limitSetting } from '../../dynamo/governor/governor-scope';
import { atEstimate, readRateLimit } from '../../dynamo/governor/rate-limit-plan';
import {
  optionLimits,
  limitsGeneration,
  registerLimits,
  sharedLimit,
  tableKey,
  tableState,
} from '../../dynamo/governor/table-limits';
import { plannedItemBytes } from '../../dynamo/governor/request-cost';

/**
 * One foreign relation's read, planned: DescribeTable and statistics (cached per session), the
 * cheapest access path (plan/access-path.ts), and the exact first request it sends.
 */

// Cached by where the table is and whose (tableKey): a server moved to another endpoint, region or
// role (ALTER SERVER) plans with that table's description and statistics, not the old one's.
const describeKey = (occurrence: ForeignOccurrence) =>
  tableKey(occurrence.table.server, occurrence.table.options.table!);
const statsKey = (occurrence: ForeignOccurrence, info: TableInfo) =>
  tableKey(occurrence.table.server, info.name);

/** The cached DescribeTable result and statistics a scan was planned with (see plan-cache.ts). */
export function dependencies(ctx: StatementContext, scan: PlannedScan): Dependencies {
  const key = statsKey(scan.occurrence, scan.info);
  return {
    describeKey: describeKey(scan.occurrence),
    statsKey: key,
    info: scan.info,
    stats: ctx.statsCache.get(key)?.stats,
    anyAge: readsByKey(scan.access),
    limits: limitsGeneration(),
  };
}

/** DescribeTable, once per statement for each server and table. */
export async function tableInfo(ctx: StatementContext, occurrence: ForeignOccurrence): Promise<TableInfo> {
  const t = occurrence.table;
  const key = describeKey(occurrence);
  let info = ctx.describeCache.get(key);
  if (!info) {
    info = await ctx.tables.describe(t.server, t.options.table!, ctx.signal);
    ctx.describeCache.set(key, info);
  }
  // Its options' throughput limits hold for every statement on the DynamoDB table while it exists with
  // them (table-limits.ts recheckLimits).
  registerLimits(
    tableKey(t.server, info.name),
    t,
    optionLimits(t.server.options, t.options, info.capacity, info.name),
  );
  return info;
}

const STATS_TTL_MS = 60_000;
/** A refused sample (no dynamodb:Scan) is not tried again for this long: every statement would pay the round trip. */
const REFUSED_TTL_MS = 10 * 60_000;
/** A BatchGetItem's keys the plan lists (keyCount says how many it reads). */
const SHOWN_KEYS = 20;

/**
 * The scan as the statement's shape reads it: its request, its Limit, and an estimate that counts
 * only the items a Limit lets it read (what EXPLAIN shows and the cost guard checks).
 */
export function withRead(scan: PlannedScan, read: ReadShape): PlannedScan {
  const est = scan.plan.estimatedRcu;
  const factor = scan.plan.consistentRead ? 1 : 0.5;
  // A read that wants no item (LIMIT 0) sends no request (fetch/read-access.ts): it costs nothing.
  const atLimit =
    read.maxItems === null
      ? Infinity
      : read.maxItems === 0
        ? 0
        : Math.max(1, Math.ceil((read.maxItems * scan.avgItemBytes) / 4096)) * factor;
  const capped = est === null ? est : Math.min(est, atLimit);
  const range = scan.plan.estimatedRcuRange;
  const plan = {
    ...scan.plan,
    limit: read.maxItems,
    estimatedRcu: capped,
    // A Limit caps the most the read can cost as it caps the estimate.
    ...(range && {
      estimatedRcuRange: { min: Math.min(range.min, atLimit), max: Math.min(range.max, atLimit) },
    }),
    ...(read.select === 'COUNT' && { projection: ['COUNT'] }),
    request: plannedRequest(scan.access, scan.input, read),
    ...(scan.plan.rateLimit && { rateLimit: atEstimate(scan.plan.rateLimit, capped) }),
  };
  return { ...scan, read, plan };
}

/** The scan reading just these attributes (a subset of its projection): request and plan alike. */
export function withProjection(scan: PlannedScan, attributes: readonly string[]): PlannedScan {
  const input = projected(scan.input, attributes);
  const plan = {
    ...scan.plan,
    projection: attributes,
    expressionAttributeNames: input.ExpressionAttributeNames ?? {},
    request: plannedRequest(scan.access, input, scan.read),
  };
  return { ...scan, input, plan };
}

/** Whether a path reads by key (GetItem, BatchGetItem): figures of any age plan it (`chooseWithFigures`). */
function readsByKey(access: Pick<Access, 'operation'>): boolean {
  return access.operation === 'GetItem' || access.operation === 'BatchGetItem';
}

/**
 * The access path and the figures it was chosen with — which reads wait for fresh statistics (issues
 * 13 part 3 / 18: a lookup must not wait for a sample Scan queued behind another session's pages).
 * Fresh figures (cached less than a minute ago) plan every read. Older or none:
 *   id = 'k1'                    → GetItem: the cached figures however old (the note says so); none
 *                                  cached: DescribeTable's; it reports no items: a ~1 KB item assumed
 *                                  (but a sample first if the relation is joined: its item count prices
 *                                  the other relation's read, run/join-restriction.ts itemsPerJoinKey)
 *   id IN ('k1', 'k2')           → BatchGetItem: the cached figures however old; none cached and none
 *                                  described: a sample first, as for a Scan — k keys cost k reads, a
 *                                  small table's Scan one (50 keys over 40 items: 25 RCU against 0.5),
 *                                  while one GetItem costs no more than any Scan
 *   pk = 'p' (composite key), status = 'open' (GSI), anything else
 *                                → Query / Scan: fresh figures first (a sample Scan where DescribeTable
 *                                  reports no items), as before
 * A read by key costs its keys times the item's read units, whatever the table holds. A Query's
 * estimate is a share of the table's items (what the cost guard checks), and an index is chosen by how
 * selective the sample says its key is: those wait for fresh figures. The path is chosen with the
 * figures at hand first; a read by key stands, any other path is chosen again with fresh figures
 * (older ones may call a table small enough to Scan that is not).
 */
async function chooseWithFigures(
  ctx: StatementContext,
  occurrence: ForeignOccurrence,
  info: TableInfo,
  input: Omit<AccessInput, 'stats'>,
): Promise<{ readonly stats: TableStats; readonly access: Access }> {
  const cached = ctx.statsCache.get(statsKey(occurrence, info));
  const now = Date.now();
  if (cached && cached.expires <= now) {
    const stats = expiredStats(cached.stats, now - cached.expires);
    const access = chooseAccess({ ...input, stats });
    if (readsByKey(access)) return { stats, access };
  } else if (!cached && !input.hint && !occurrence.joinKeys.length && !describedStats(info)) {
    // Nothing known of the table's size: one key is read by key, no other path priced (no Scan costs
    // less than one GetItem). Several keys may cost more than a small table's Scan: priced on a sample.
    const stats = assumedStats(info);
    const access = keyedRead({ ...input, stats });
    if (access?.operation === 'GetItem') return { stats, access: Object.freeze(access) };
  }
  const stats = await statsFor(ctx, occurrence, info);
  return { stats, access: chooseAccess({ ...input, stats }) };
}

async function statsFor(
  ctx: StatementContext,
  occurrence: ForeignOccurrence,
  info: TableInfo,
): Promise<TableStats> {
  const key = statsKey(occurrence, info);
  const cached = ctx.statsCache.get(key);
  if (cached && cached.expires > Date.now()) return cached.stats;
  const stats = await ctx.tables.stats(occurrence.table.server, info, ctx.signal);
  ctx.statsCache.set(key, { stats, expires: Date.now() + (stats.refused ? REFUSED_TTL_MS : STATS_TTL_MS) });
  // A sample read is this statement's to report (EXPLAIN too); later ones plan with the cached figures.
  if (stats.sampledRcu) ctx.run.sampled(occurrence, stats.sampledRcu);
  return stats;
}

/** `/*+ index(by_status) *\/` in the statement, or `SET dynascope.index = 'by_status'`. */
async function indexHint(ctx: StatementContext, text: string): Promise<string | null> {
  const m = /\/\*\+\s*index\s*\(\s*"?([^")\s]+)"?\s*\)\s*\*\//i.exec(text);
  if (m) return m[1]!;
  return (await ctx.settings()).index;
}

export async function planScan(
  ctx: StatementContext,
  occurrence: ForeignOccurrence,
  text: string,
  extra: readonly Predicate[] = [],
): Promise<PlannedScan> {
  const t = occurrence.table;
  const info = await tableInfo(ctx, occurrence);
  const keyNames = tableKeyNames(info);
  // The plan speaks DynamoDB's names: a column with the option `attribute` is read as that attribute.
  const attribute = (column: string) => attributeOfName(t.columns, column);
  // A previewed write reads its target's whole items (for the same RCU): its WCU counts every index entry they change.
  const projection =
    occurrence.referencedColumns && !(ctx.preview && occurrence.writeTarget)
      ? [...new Set([...keyNames, ...[...occurrence.referencedColumns].map(attribute)])]
      : null;
  const settings = await ctx.settings();
  const consistent = isTrue(t.options.consistent_read) || isTrue(settings.consistentRead ?? undefined);
  const hint = await indexHint(ctx, text);
  const { stats, access: chosen } = await chooseWithFigures(ctx, occurrence, info, {
    predicates: [...occurrence.predicates, ...extra].map((p) =>
      p.kind === 'residual' ? p : { ...p, column: attribute(p.column) },
    ),
    table: info,
    projection,
    consistent,
    hint: hint && info.indexes.some((i) => i.name === hint) ? hint : null,
  });
  ctx.notices.push(...chosen.notices);
  const segmentsSetting = Number(settings.scanSegments ?? NaN);
  const access: Access =
    chosen.operation === 'Scan' && Number.isInteger(segmentsSetting) && segmentsSetting >= 1
      ? { ...chosen, segments: Math.min(segmentsSetting, 1_000_000) }
      : chosen;
  const p = access.pushdown;
  const input: BaseInput = {
    TableName: t.options.table!,
    ...(p.keyCondition && { KeyConditionExpression: p.keyCondition }),
    ...(p.filter && { FilterExpression: p.filter }),
    ...(p.projection && { ProjectionExpression: p.projection }),
    ...(Object.keys(p.names).length && { ExpressionAttributeNames: { ...p.names } }),
    ...(Object.keys(p.values).length && { ExpressionAttributeValues: { ...p.values } }),
    ...(consistent && { ConsistentRead: true }),
  };
  // A read by key's price needs the item size alone; any other needs the table's size too.
  const estimatedRcu = stats.basis === 'unknown' && !readsByKey(access) ? null : access.estimatedRcu;
  // The residual conjuncts that join this relation to another: the join evaluates them, not a filter of this read.
  const joinSql = new Set(occurrence.joinKeys.map((jk) => jk.sql));
  const joinConditions = p.residual.filter((r) => joinSql.has(r));
  // The governor sizes a first page by the planner's average item until DynamoDB's answers say more.
  plannedItemBytes(tableState(tableKey(t.server, info.name)).sizes, stats.avgItemBytes);
  const rateLimit = readRateLimit(
    limitSetting('max_rcu_per_second', settings.maxRcuPerSecond),
    sharedLimit(tableKey(t.server, info.name), 'read'),
    estimatedRcu,
  );
  const plan: ScanPlan = {
    relation: qualifiedName(t),
    alias: occurrence.rangeVar.alias?.aliasname ?? null,
    server: t.server.name,
    identity: await ctx.clients.identityLabel(t.server),
    table: t.options.table!,
    operation: access.operation,
    index: access.index?.name ?? null,
    keyCondition: p.keyCondition,
    filter: p.filter,
    expressionAttributeNames: p.names,
    expressionAttributeValues: p.values,
    keyConditionText: p.keyConditionText,
    filterText: p.filterText,
    ...(access.keys.length > 1 && { keys: keyTexts(access.keys, SHOWN_KEYS) }),
    pushed: p.pushed,
    residual: p.residual,
    ...(joinConditions.length && { joinConditions }),
    projection,
    limit: null,
    consistentRead: consistent && access.index?.kind !== 'GSI',
    keyCount: access.keys.length || null,
    partitionCount: access.operation === 'Query' ? access.partitionValues.length : null,
    segments: access.operation === 'Scan' ? access.segments : null,
    ...(access.operation === 'Query' &&
      access.partitionValues.length > 1 && { partitionValues: access.partitionValues }),
    ...(access.keys.length > BATCH_GET_KEYS && { keyValues: access.keys }),
    fetchBack: access.fetchBack,
    alternatives: access.alternatives,
    estimatedRcu,
    ...(estimatedRcu !== null && access.estimatedRcuRange && { estimatedRcuRange: access.estimatedRcuRange }),
    estimateBasis: stats.basis,
    estimateNote: access.estimateNote ? `${access.estimateNote}; ${stats.note}` : stats.note,
    ...(access.operation === 'Scan' && stats.basis !== 'unknown' && { tableItemCount: stats.itemCount }),
    ...(rateLimit && { rateLimit }),
    ...tablePricing(info.billingMode, await ctx.clients.regionFor(t.server), settings),
    request: plannedRequest(access, input, FULL_READ),
    consumedRcu: null,
    scannedCount: null,
    returnedCount: null,
    pages: 0,
  };
  return {
    occurrence,
    info,
    plan,
    access,
    input,
    read: FULL_READ,
    tempTable: '',
    keyNames,
    avgItemBytes: stats.avgItemBytes,
    stats: {
      itemCount: stats.itemCount,
      sizeBytes: stats.sizeBytes,
      ...(stats.keySample && { keySample: stats.keySample }),
    },
  };
}

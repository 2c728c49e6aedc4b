import { bindForeignOccurrences, type ForeignOccurrence, type ResolvedRelation } from '../bind/bind';
import { findRangeVars, refName, type RangeVarFields } from '../bind/range-vars';
import { qualifiedNameEnd } from '../bind/source-text';
import { applySplices, type Splice, type Spliced } from '../bind/splice';
import { viewDefinition } from '../bind/view-definition';
import type { ViewCheck } from '../bind/view-write';
import { expandViews, type BoundText, type Resolution, type ViewChecks } from './view-expansion';
import { loadForeignTable, qualifiedName } from '../catalog/foreign-table';
import { isTrue } from '../catalog/options';
import { FULL_READ, plannedRequest, type BaseInput, type ReadShape } from '../fetch/read-request';
import { chooseAccess, tableKeyNames, type Access } from '../plan/access-path';
import type { TableStats } from '../plan/table-stats';
import type { Predicate } from '../plan/predicate';
import { countOnlyShape, directShape, sortKeyLimitShape, type DirectShape } from './pushed-shapes';
import { streamingShape, type StreamingShape } from './streaming-shape';
import { directJoinShape, type DirectJoin } from './direct-join';
import { priceJoinRestrictions } from './join-restriction';
import { kindOf, names, quoteIdent, walk } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import type { TableInfo } from '../plan/key-schema';
import type { ScanPlan } from '../types';
import type { StatementContext } from './context';
import { hostError } from './host-error';
import type { Dependencies } from './plan-cache';

/** One planned read of a foreign table: its plan (filled in while reading), request and temp table. */
export interface PlannedScan {
  readonly occurrence: ForeignOccurrence;
  readonly info: TableInfo;
  readonly plan: ScanPlan;
  /** A join that restricts the scan while running re-plans it in the run (see join-restriction.ts). */
  readonly access: Access;
  readonly input: BaseInput;
  /** What the statement's shape asks of the read (COUNT, order, Limit): decided here, shown by EXPLAIN. */
  readonly read: ReadShape;
  /** Average item size the estimate used. */
  readonly avgItemBytes: number;
  /** Where the items are loaded when the host evaluates the statement (set while preparing). */
  tempTable: string;
  /** Set when the plan prices this read as the key reads a join will make: the price without them. */
  unrestrictedRcu?: number;
  readonly keyNames: readonly string[];
}

/** The foreign table an INSERT/UPDATE/DELETE writes to, and its temp table in the rewritten statement. */
export interface WriteTarget {
  readonly occurrence: ForeignOccurrence;
  readonly info: TableInfo;
  readonly tempTable: string;
  /** How the statement refers to the target (its alias, else its name). */
  readonly alias: string;
  /** UPDATE/DELETE read the target first; INSERT does not. */
  readonly scan: PlannedScan | undefined;
}

export interface PreparedForeign {
  readonly ast: unknown;
  /** The statement as bound (views expanded), before the temp-table rewrite. */
  readonly boundText: string;
  readonly target: WriteTarget | undefined;
  /** Set when the statement is answered from the items alone (see pushed-shapes.ts). */
  readonly direct?: DirectShape | null;
  /** Set when an inner equi-join of two foreign relations is answered from the items (see direct-join.ts). */
  readonly directJoin?: DirectJoin | null;
  /** Set for `select count(*) from t [where <all pushed>]`: DynamoDB counts (`Select: COUNT`); the output column. */
  readonly count?: { readonly column: string } | null;
  /** Set when a single-relation SELECT streams page by page through the host (see streaming-shape.ts). */
  readonly streaming?: StreamingShape | null;
  /** WITH CHECK OPTION conditions of the views a write goes through (see view-write.ts), innermost first. */
  readonly viewChecks?: readonly ViewCheck[];
  /** Every temp table the statement created (dropped when it ends). */
  readonly tempTables: readonly string[];
  /** The statement with every foreign relation replaced by its temp table. */
  readonly rewritten: Spliced;
  readonly scans: readonly PlannedScan[];
  readonly fields: readonly { name: string; typeId: number }[];
}

const MAX_VIEW_DEPTH = 16;

/**
 * bind → plan → create empty temp tables → type-check the rewritten statement in the host.
 * Nothing is read from DynamoDB here (DescribeTable aside), so errors cost nothing.
 */
export async function prepareForeign(ctx: StatementContext, text: string, ast: unknown): Promise<PreparedForeign | null> {
  const cached = ctx.planCache.get(ctx, text);
  if (cached) return cached;
  const noticesBefore = ctx.notices.length;
  let current: BoundText = { text, ast, toOriginal: (p: number) => p };
  const viewChecks: ViewChecks = { checks: [], cascaded: false };
  for (let depth = 0; ; depth++) {
    const tokens = scanTokens(current.text);
    const rangeVars = findRangeVars(current.ast);
    const resolved = await resolveRelations(ctx, rangeVars.map((r) => r.fields));
    const expanded = depth < MAX_VIEW_DEPTH ? await expandViews(ctx, current, tokens, rangeVars, resolved, viewChecks) : null;
    if (expanded) {
      current = expanded;
      continue;
    }
    const relations = new Map<RangeVarFields, ResolvedRelation>();
    for (const [rv, r] of resolved) if (r.kind !== 'view-foreign') relations.set(rv, r);
    const occurrences = bindForeignOccurrences({
      ast: current.ast,
      text: current.text,
      tokens,
      rangeVars,
      resolved: relations,
      defaultCollationIsC: await ctx.defaultCollationIsC(),
      wholeTargetRow: viewChecks.checks.length > 0,
    });
    if (!occurrences.length) return null;
    const targetOccurrence = occurrences.find((o) => o.writeTarget);
    const insertTarget = targetOccurrence && kindOf(current.ast) === 'InsertStmt' ? targetOccurrence : undefined;
    const scans: PlannedScan[] = [];
    for (const occurrence of occurrences) if (occurrence !== insertTarget) scans.push(await planScan(ctx, occurrence, current.text));
    // Nothing left for the host: no temp table, no rewrite; rows are built from the items (and the plan kept).
    const fromItems = (shape: Pick<PreparedForeign, 'direct' | 'directJoin' | 'count'>, fields: PreparedForeign['fields'] = []): PreparedForeign => {
      const identity: Spliced = { text: current.text, originalPosition: current.toOriginal };
      const prepared = frozen({ ast: current.ast, boundText: current.text, rewritten: identity, scans, fields, target: undefined, tempTables: [], ...shape });
      ctx.planCache.set(text, prepared, ctx.notices.slice(noticesBefore), scans.map((s) => dependencies(ctx, s)));
      return prepared;
    };
    const only = !targetOccurrence && scans.length === 1 ? scans[0]! : null;
    const session = { defaultCollationIsC: await ctx.defaultCollationIsC(), settings: await ctx.settings() };
    const count = only ? countOnlyShape(current.ast, only) : null;
    if (count) {
      scans[0] = withRead(only!, { ...FULL_READ, select: 'COUNT' });
      return fromItems({ count: { column: count } }, [{ name: count, typeId: INT8_OID }]);
    }
    const direct = only ? directShape(current.ast, only, session) : null;
    if (direct) {
      scans[0] = withRead(only!, { ...FULL_READ, descending: direct.descending, maxItems: limitedRead(only!, direct) });
      return fromItems({ direct });
    }
    if (scans.length > 1) scans.splice(0, scans.length, ...priceJoinRestrictions(scans));
    const directJoin = !targetOccurrence ? directJoinShape(current.ast, scans, session) : null;
    if (directJoin) return fromItems({ directJoin });
    const tempTables: string[] = [];
    try {
      for (const s of scans) tempTables.push((s.tempTable = await ctx.temps.acquire(ctx.host, temporaryColumns(s))));
      const target: WriteTarget | undefined = targetOccurrence && {
        occurrence: targetOccurrence,
        info: await tableInfo(ctx, targetOccurrence),
        tempTable: insertTarget ? ctx.nextTempName() : scans.find((s) => s.occurrence === targetOccurrence)!.tempTable,
        alias: refName(targetOccurrence.rangeVar),
        scan: scans.find((s) => s.occurrence === targetOccurrence),
      };
      if (insertTarget) {
        // INSERT evaluates defaults, NOT NULL and types in a copy of the foreign table's definition.
        await ctx.host.query(`create temp table ${quoteIdent(target!.tempTable)} (like ${quoteIdent(insertTarget.table.schema)}.${quoteIdent(insertTarget.table.name)} including defaults)`);
        tempTables.push(target!.tempTable);
      }
      const splices: Splice[] = occurrences.map((o) => ({
        start: o.rangeVar.location,
        end: qualifiedNameEnd(tokens, o.rangeVar.location),
        replacement:
          `pg_temp.${quoteIdent(o === insertTarget ? target!.tempTable : scans.find((s) => s.occurrence === o)!.tempTable)}` +
          (o.rangeVar.alias ? '' : ` AS ${quoteIdent(o.rangeVar.relname)}`),
      }));
      splices.push(...qualifiedColumnSplices(current.ast, tokens, occurrences));
      const spliced = applySplices(current.text, splices);
      const rewritten: Spliced = { text: spliced.text, originalPosition: (p) => current.toOriginal(spliced.originalPosition(p)) };
      let fields;
      try {
        fields = target ? [] : await ctx.planCache.describe(ctx.host, rewritten.text);
      } catch (e) {
        throw hostError(e, rewritten.originalPosition);
      }
      // A streaming SELECT stops at its LIMIT: its request, estimate (and the cost guard) count those items only.
      const streaming = !target && scans.length === 1 ? await streamingShape(ctx.host, current.ast) : null;
      if (streaming) scans[0] = withRead(scans[0]!, { ...FULL_READ, maxItems: limitedRead(scans[0]!, streaming) });
      // `order by sk [desc] limit n` over one partition: the Query reads in that order and stops after n items.
      const bounded = !target && !streaming && scans.length === 1 ? sortKeyLimitShape(current.ast, scans[0]!, session) : null;
      if (bounded) scans[0] = withRead(scans[0]!, { ...FULL_READ, descending: bounded.descending, maxItems: bounded.maxItems });
      return frozen({ ast: current.ast, boundText: current.text, rewritten, scans, fields, target, tempTables, streaming, viewChecks: viewChecks.checks });
    } catch (e) {
      await dropTempTables(ctx, tempTables);
      throw e;
    }
  }
}

/**
 * `dynamodb.orders.total` names the relation by schema: once `dynamodb.orders` is a temp table
 * aliased `orders`, the reference becomes `"orders".total`.
 */
function qualifiedColumnSplices(ast: unknown, tokens: ReturnType<typeof scanTokens>, occurrences: readonly ForeignOccurrence[]): Splice[] {
  const out: Splice[] = [];
  walk(ast, (kind, fields) => {
    if (kind !== 'ColumnRef') return;
    const f = names(fields.fields);
    if (f.length !== 3) return;
    const o = occurrences.find((x) => !x.rangeVar.alias && x.table.schema === f[0] && x.rangeVar.relname === f[1]);
    const start = fields.location as number;
    const i = tokens.findIndex((t) => t.start === start);
    if (!o || i < 0 || !tokens[i + 2]) return;
    out.push({ start, end: tokens[i + 2]!.end, replacement: quoteIdent(o.rangeVar.relname) });
  });
  return out;
}

/** What each RangeVar names, from the relation cache or one catalog query for the names not cached. */
async function resolveRelations(ctx: StatementContext, rangeVars: readonly RangeVarFields[]): Promise<Map<RangeVarFields, Resolution>> {
  const out = new Map<RangeVarFields, Resolution>();
  if (!rangeVars.length) return out;
  const all = rangeVars.map((rv) => (rv.schemaname ? quoteIdent(rv.schemaname) + '.' : '') + quoteIdent(rv.relname));
  const names = [...new Set(all)].filter((n) => !ctx.relationCache.has(n));
  const r = !names.length ? { rows: [] } : await ctx.host.query(
    `with recursive input as (
       select n, to_regclass(name) as oid from unnest($1::text[]) with ordinality as u(name, n)
     )
     select i.n::int, c.oid::int, c.relkind::text,
            (select array_agg(attname order by attnum)::text from pg_attribute where attrelid = c.oid and attnum > 0 and not attisdropped),
            case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end,
            case when c.relkind = 'v' then exists (
              with recursive deps(oid) as (
                select c.oid
                union
                select d.refobjid from deps
                  join pg_rewrite rw on rw.ev_class = deps.oid
                  join pg_depend d on d.objid = rw.oid and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
                 where d.refobjid <> deps.oid
              )
              select 1 from deps join pg_class dc on dc.oid = deps.oid where dc.relkind = 'f'
            ) else false end,
            (select nspname::text from pg_namespace where oid = c.relnamespace), c.relname::text, c.reloptions::text,
            case when c.relkind = 'v' then (select ev_action::text ~ ':(hasAggs|hasWindowFuncs|hasTargetSRFs) true'
                                              from pg_rewrite where ev_class = c.oid and rulename = '_RETURN') end
       from input i left join pg_class c on c.oid = i.oid`,
    [names],
  );
  for (const row of r.rows) {
    const name = names[Number(row[0]) - 1]!;
    let resolution: Resolution | null;
    if (row[1] === null) resolution = null;
    else if (row[2] === 'f') resolution = { kind: 'foreign', table: await loadForeignTable(ctx.host, Number(row[1])) };
    else if (row[2] === 'v' && row[5] === 't') {
      const [schema, relname, options, aggregatesOrWindows] = [row[6]!, row[7]!, pgArray(row[8]), row[9] === 't'];
      resolution = { kind: 'view-foreign', view: viewDefinition({ schema, name: relname, definition: row[4]!, columns: pgArray(row[3]), options, aggregatesOrWindows }) };
    } else resolution = { kind: 'other', columns: pgArray(row[3]) };
    ctx.relationCache.set(name, resolution);
  }
  rangeVars.forEach((rv, i) => {
    const resolution = ctx.relationCache.get(all[i]!) as Resolution | null | undefined;
    if (resolution) out.set(rv, resolution);
  });
  return out;
}

function pgArray(text: string | null | undefined): string[] {
  if (!text || text === '{}') return [];
  return text
    .slice(1, -1)
    .match(/"(?:[^"\\]|\\.)*"|[^,]+/g)!
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s));
}

const describeKey = (occurrence: ForeignOccurrence) => `${occurrence.table.server.oid}\u0000${occurrence.table.options.table}`;
const statsKey = (occurrence: ForeignOccurrence, info: TableInfo) => `${occurrence.table.server.oid}\u0000${info.name}`;

/** The cached DescribeTable result and statistics a scan was planned with (see plan-cache.ts). */
function dependencies(ctx: StatementContext, scan: PlannedScan): Dependencies {
  const key = statsKey(scan.occurrence, scan.info);
  return { describeKey: describeKey(scan.occurrence), statsKey: key, info: scan.info, stats: ctx.statsCache.get(key)?.stats };
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
  return info;
}

const STATS_TTL_MS = 60_000;

/**
 * A prepared statement is a value: its scans and their plans are frozen, so a run (which keeps its
 * figures in `ctx.run`) or a cached plan's next use cannot change them.
 */
function frozen(prepared: PreparedForeign): PreparedForeign {
  for (const scan of prepared.scans) {
    Object.freeze(scan.plan);
    Object.freeze(scan);
  }
  Object.freeze(prepared.scans);
  return Object.freeze(prepared);
}

/** A LIMIT nothing filters locally goes to DynamoDB: n + offset items are all the read needs. */
function limitedRead(scan: PlannedScan, shape: StreamingShape): number | null {
  return shape.limit !== null && !scan.plan.residual.length && !scan.input.FilterExpression ? shape.limit + shape.offset : null;
}

const INT8_OID = 20;

/**
 * The scan as the statement's shape reads it: its request, its Limit, and an estimate that counts
 * only the items a Limit lets it read (what EXPLAIN shows and the cost guard checks).
 */
export function withRead(scan: PlannedScan, read: ReadShape): PlannedScan {
  const est = scan.plan.estimatedRcu;
  const factor = scan.plan.consistentRead ? 1 : 0.5;
  const capped = read.maxItems === null || est === null ? est : Math.min(est, Math.max(1, Math.ceil((read.maxItems * scan.avgItemBytes) / 4096)) * factor);
  const plan = {
    ...scan.plan,
    limit: read.maxItems,
    estimatedRcu: capped,
    ...(read.select === 'COUNT' && { projection: ['COUNT'] }),
    request: plannedRequest(scan.access, scan.input, read),
  };
  return { ...scan, read, plan };
}

async function statsFor(ctx: StatementContext, occurrence: ForeignOccurrence, info: TableInfo): Promise<TableStats> {
  const key = statsKey(occurrence, info);
  const cached = ctx.statsCache.get(key);
  if (cached && cached.expires > Date.now()) return cached.stats;
  const stats = await ctx.tables.stats(occurrence.table.server, info, ctx.signal);
  ctx.statsCache.set(key, { stats, expires: Date.now() + STATS_TTL_MS });
  return stats;
}

/** `/*+ index(by_status) *\/` in the statement, or `SET dynascope.index = 'by_status'`. */
async function indexHint(ctx: StatementContext, text: string): Promise<string | null> {
  const m = /\/\*\+\s*index\s*\(\s*"?([^")\s]+)"?\s*\)\s*\*\//i.exec(text);
  if (m) return m[1]!;
  return (await ctx.settings()).index;
}

export async function planScan(ctx: StatementContext, occurrence: ForeignOccurrence, text: string, extra: readonly Predicate[] = []): Promise<PlannedScan> {
  const t = occurrence.table;
  const info = await tableInfo(ctx, occurrence);
  const keyNames = tableKeyNames(info);
  const projection = occurrence.referencedColumns ? [...new Set([...keyNames, ...occurrence.referencedColumns])] : null;
  const settings = await ctx.settings();
  const consistent = isTrue(t.options.consistent_read) || isTrue(settings.consistentRead ?? undefined);
  const stats = await statsFor(ctx, occurrence, info);
  const hint = await indexHint(ctx, text);
  const chosen = chooseAccess({
    predicates: [...occurrence.predicates, ...extra],
    table: info,
    stats,
    projection,
    consistent,
    hint: hint && info.indexes.some((i) => i.name === hint) ? hint : null,
  });
  ctx.notices.push(...chosen.notices);
  const segmentsSetting = Number(settings.scanSegments ?? NaN);
  const access: Access =
    chosen.operation === 'Scan' && Number.isInteger(segmentsSetting) && segmentsSetting >= 1 ? { ...chosen, segments: Math.min(segmentsSetting, 1_000_000) } : chosen;
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
    pushed: p.pushed,
    residual: p.residual,
    projection,
    limit: null,
    consistentRead: consistent && access.index?.kind !== 'GSI',
    keyCount: access.keys.length || null,
    partitionCount: access.operation === 'Query' ? access.partitionValues.length : null,
    segments: access.operation === 'Scan' ? access.segments : null,
    fetchBack: access.fetchBack,
    alternatives: access.alternatives,
    estimatedRcu: stats.basis === 'unknown' ? null : access.estimatedRcu,
    estimateBasis: stats.basis,
    estimateNote: stats.note,
    request: plannedRequest(access, input, FULL_READ),
    consumedRcu: null,
    scannedCount: null,
    returnedCount: null,
    pages: 0,
  };
  return { occurrence, info, plan, access, input, read: FULL_READ, tempTable: '', keyNames, avgItemBytes: stats.avgItemBytes };
}

/** The column definitions of a scan's temp table: the foreign table's, with their collations. */
function temporaryColumns(scan: PlannedScan): string {
  return scan.occurrence.table.columns
    .map((c) => `${quoteIdent(c.name)} ${c.type}${c.collation && c.collation !== 'default' ? ` collate ${quoteIdent(c.collation)}` : ''}`)
    .join(', ');
}

/** A statement's temp tables, back to the pool (see temp-tables.ts). */
export async function dropTempTables(ctx: StatementContext, tempTables: readonly string[]): Promise<void> {
  if (tempTables.length) await ctx.temps.release(ctx.host, tempTables);
}


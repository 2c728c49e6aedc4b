import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf, attributeOfName } from '../catalog/column-attribute';
import { quoteIdent } from '../parse/ast';
import { pushTypeOf, toAttributeValue } from '../plan/attribute-value';
import type { Predicate } from '../plan/predicate';
import type { StatementContext } from './context';
import { checkCostGuard } from '../plan/statement/cost-guard';
import { joinIndexEstimate } from '../plan/access-path';
import { distinctAlternatives } from '../plan/alternatives';
import { keyedReadRcu, matchedItems, queryRcu } from '../plan/estimate';
import { planScan } from '../plan/statement/plan-scan';
import { tempRelation } from '../plan/statement/temp-relation';
import type { PlannedScan, StatementPlan } from '../plan/statement/statement-plan';

const MAX_VALUES = 1000;

/**
 * Reads the scans of a multi-relation statement cheapest first, and lets what was read restrict what
 * is read next: for `o.customer_id = c.id`, once `o` is loaded its distinct customer ids become
 * `c.id IN (...)`, a BatchGetItem or a Query per key instead of a Scan, when that is cheaper.
 *   select * from orders o join customers c on c.id = o.customer_id where o.pk = 'x'
 *   → Query orders; BatchGetItem customers (the ids found)
 */
export type Load = (
  scan: PlannedScan,
  collect: readonly ColumnDef[],
  collectLimit: number,
) => Promise<ReadonlyMap<string, ReadonlySet<string>>>;

/**
 * `accept` may refuse a cheaper restricted read (the direct join takes only reads that need no host).
 * A restricted read is a re-plan recorded in the run (`ctx.run`), never a change to the plan: `load`
 * gets the scan as this run reads it.
 */
export async function loadInJoinOrder(
  ctx: StatementContext,
  prepared: Pick<StatementPlan, 'scans' | 'boundText'>,
  load: Load,
  accept: (replanned: PlannedScan) => boolean = () => true,
): Promise<void> {
  // The access path's own price: a number even where the table's size is only a lower bound.
  const pending = [...prepared.scans].sort((a, b) => a.access.estimatedRcu - b.access.estimatedRcu);
  /** Join-column values collected while loading, so no query of the temp table is needed for them. */
  const collected = new Map<PlannedScan, ReadonlyMap<string, ReadonlySet<string>>>();
  while (pending.length) {
    const scan = pending.shift()!;
    const priced = scan.plan.estimatedRcu ?? 0;
    const restriction = await restrictionFrom(ctx, scan, prepared.scans, collected);
    if (restriction?.kind === 'in' && restriction.values.length === 0) {
      // The joined relation has no value to match: nothing of this one can join, nothing is read.
      ctx.run.replan(scan, {
        ...scan,
        plan: { ...scan.plan, estimatedRcu: 0, estimateNote: `skipped: ${restriction.sql}` },
      });
      ctx.run.start(scan);
      collected.set(scan, new Map());
      continue;
    }
    let current = scan;
    if (restriction) {
      const replanned = await planScan(ctx, scan.occurrence, prepared.boundText, [restriction]);
      if (replanned.access.estimatedRcu < scan.access.estimatedRcu && accept(replanned)) {
        // The path the plan took is now an alternative, at its own price (not the join's).
        const alternatives = distinctAlternatives(replanned.plan, [
          ...replanned.plan.alternatives,
          {
            operation: scan.plan.operation,
            index: scan.plan.index,
            estimatedRcu: scan.unrestrictedRcu ?? scan.access.estimatedRcu,
          },
        ]);
        // Priced by the plan: the same price for the values read (the planner alone knows no join).
        const values = restriction.kind === 'in' ? restriction.values.length : null;
        const joinPrice =
          scan.joinItemsPerKey !== undefined && values !== null
            ? restrictedReadPrice(scan, values, scan.joinItemsPerKey)
            : null;
        current = {
          ...scan,
          access: replanned.access,
          input: replanned.input,
          read: replanned.read,
          plan: {
            ...replanned.plan,
            alternatives,
            ...(joinPrice && {
              estimatedRcu: joinPrice.rcu,
              estimateNote: `${values} ${joinPrice.reads}; ${replanned.plan.estimateNote}`,
            }),
          },
        };
      }
    }
    const expected =
      current === scan
        ? current.access.estimatedRcu
        : (current.plan.estimatedRcu ?? current.access.estimatedRcu);
    const repriced = scan.unrestrictedRcu !== undefined && expected > priced;
    if (repriced) {
      // Priced as fewer key reads than it will make (the join read more values, or could not
      // restrict it at all): price it as it will be read, and ask the cost guard again first.
      current = {
        ...current,
        plan: {
          ...current.plan,
          estimatedRcu: expected,
          estimateNote: `re-priced once the join values were read (${priced} RCU expected); ${current.plan.estimateNote}`,
        },
      };
    }
    if (current !== scan) ctx.run.replan(scan, current);
    if (repriced) {
      checkCostGuard(
        (await ctx.settings()).maxStatementRcu,
        prepared.scans.map((s) => ctx.run.current(s).plan),
        ctx.notices,
      );
    }
    collected.set(scan, await load(current, joinSourceColumns(scan, pending), MAX_VALUES));
  }
}

/**
 * Prices, before anything is read, the scans a join will restrict: in the order they will be read,
 * a relation keyed by its join column costs at most one key read (no sort key) or one Query (a sort
 * key: a partition's items) per item the relation it joins may return — not the Scan it would need
 * on its own. The lower figure becomes the estimate of the scan returned in its place (what EXPLAIN
 * shows and the cost guard checks), with a note saying why, and the range the run can end up in:
 * nothing when no value joins, the Scan when the values read do not make a cheaper read.
 *   orders o join customers c on c.id = o.customer where o.customer = 'c1'
 *   → customers: "~10 RCU: at most 20 key reads with the values read from orders (a Scan alone: ~500 RCU)"
 *   users u join orders o on o.customer_id = u.user_id where u.user_id = 'u1'
 *   → orders: "~1.5 RCU: at most 1 Query (~10 items each) with the values read from users", range 0–146
 */
export function priceJoinRestrictions(scans: readonly PlannedScan[]): PlannedScan[] {
  const priced = new Map<PlannedScan, PlannedScan>();
  const order = [...scans].sort((a, b) => a.access.estimatedRcu - b.access.estimatedRcu);
  order.forEach((scan, i) => {
    const estimate = scan.plan.estimatedRcu;
    // A filter of its own could keep a keyed read from being taken (a direct join refuses one that
    // cannot evaluate it): price only relations the join alone restricts.
    if (i === 0 || estimate === null || scan.occurrence.predicates.some((p) => p.kind !== 'residual')) return;
    for (const jk of scan.occurrence.joinKeys) {
      const source = order.slice(0, i).find((s) => s.occurrence.rangeVar === jk.source);
      const attribute = attributeOfName(scan.occurrence.table.columns, jk.column);
      if (!source || source.plan.estimatedRcu === null) continue;
      const keys = source.access.estimatedItems;
      if (keys > MAX_VALUES) continue;
      if (attribute !== scan.info.partitionKey.name) {
        const viaIndex = indexJoinPrice(scan, source, jk.sql, attribute, keys, estimate);
        if (!viaIndex) continue;
        priced.set(scan, viaIndex);
        return;
      }
      const perKey = itemsPerJoinKey(scan, source, jk.sourceColumn);
      const restricted = restrictedReadPrice(scan, keys, perKey.items);
      if (restricted.rcu >= estimate) continue;
      const note = `at most ${keys} ${restricted.reads} with the values read from ${source.plan.relation} (${jk.sql}${perKey.why}); a ${scan.plan.operation} alone: ~${estimate} RCU; ${scan.plan.estimateNote}`;
      priced.set(scan, {
        ...scan,
        unrestrictedRcu: estimate,
        joinItemsPerKey: perKey.items,
        plan: {
          ...scan.plan,
          estimatedRcu: restricted.rcu,
          estimatedRcuRange: { min: 0, max: estimate },
          estimateNote: note,
        },
      });
      return;
    }
  });
  return scans.map((s) => priced.get(s) ?? s);
}

/**
 * The join read through a global secondary index on the join column, priced by the planner
 * (plan/access-path.ts joinIndexEstimate): a Query of the index per value read from `source`, when
 * cheaper than the plan's read. The range runs from nothing (no value joins) to the most of the two
 * reads the run may take: the index Query the values make, or the plan's read when they do not make
 * a cheaper one. The run re-prices the Query with the values it read (plan/index-estimate.ts).
 *   logins l join users u on l.user_id = u.user_id where u.user_id = 'u1'
 *   → logins: "at most 1 Query(s) of index by_user with the values read from users (…)", 0.5 RCU, range 0–18
 */
function indexJoinPrice(
  scan: PlannedScan,
  source: PlannedScan,
  sql: string,
  attribute: string,
  keys: number,
  estimate: number,
): PlannedScan | null {
  const stats = scan.stats;
  if (!stats) return null;
  const viaIndex = joinIndexEstimate({
    table: scan.info,
    stats: { ...stats, avgItemBytes: scan.avgItemBytes, basis: scan.plan.estimateBasis, note: '' },
    attribute,
    values: keys,
    consistent: scan.plan.consistentRead,
    projection: scan.plan.projection,
  });
  if (!viaIndex || viaIndex.rcu >= estimate) return null;
  return {
    ...scan,
    unrestrictedRcu: estimate,
    plan: {
      ...scan.plan,
      estimatedRcu: viaIndex.rcu,
      estimatedRcuRange: { min: 0, max: Math.max(estimate, viaIndex.range.max) },
      estimateNote: `at most ${keys} Query(s) of index ${viaIndex.index.name} with the values read from ${source.plan.relation} (${sql}); ${viaIndex.note}; a ${scan.plan.operation} alone: ~${estimate} RCU; ${scan.plan.estimateNote}`,
    },
  };
}

/**
 * How many items of `scan` one value of the join reads: one without a sort key; with one, a
 * partition's items — the table's items over the joined relation's when the join column is that
 * relation's whole key (each of its items names one partition: 4512 orders over 912 users → 5),
 * else the planner's share of a partition (1% of the table).
 */
export function itemsPerJoinKey(
  scan: Pick<PlannedScan, 'info' | 'stats'>,
  source: Pick<PlannedScan, 'info' | 'stats' | 'occurrence' | 'plan'>,
  sourceColumn: string,
): { items: number; why: string } {
  if (!scan.info.sortKey) return { items: 1, why: '' };
  const items = scan.stats?.itemCount ?? 0;
  const sources = source.stats?.itemCount ?? 0;
  const whole =
    !source.info.sortKey &&
    attributeOfName(source.occurrence.table.columns, sourceColumn) === source.info.partitionKey.name;
  if (whole && items > 0 && sources > 0) {
    const per = Math.max(1, Math.ceil(items / sources));
    return { items: per, why: `: ~${items} items over ~${sources} of ${source.plan.relation}` };
  }
  const share = matchedItems(
    { itemCount: items, sizeBytes: 0, avgItemBytes: 0, basis: 'unknown', note: '' },
    'none',
    0.01,
  );
  return { items: share, why: ': a partition taken as 1% of the table' };
}

/**
 * What `keys` reads of `scan` by its partition key cost, priced as plan/access-path.ts prices a read
 * by key: a key read per value without a sort key, a Query of `itemsPerKey` items per value with one.
 */
export function restrictedReadPrice(
  scan: Pick<PlannedScan, 'info' | 'avgItemBytes' | 'plan'>,
  keys: number,
  itemsPerKey: number,
): { rcu: number; reads: string } {
  const cost = {
    stats: {
      itemCount: 0,
      sizeBytes: 0,
      avgItemBytes: scan.avgItemBytes,
      basis: scan.plan.estimateBasis,
      note: '',
    },
    consistent: scan.plan.consistentRead,
  };
  if (!scan.info.sortKey) return { rcu: keyedReadRcu(keys, cost), reads: 'key read(s)' };
  return {
    rcu: queryRcu(keys, itemsPerKey, scan.avgItemBytes, cost),
    reads: `Query(s) of a partition (~${itemsPerKey} item(s) each)`,
  };
}

/** Columns of `scan` that scans still to load join on, whose text the engine makes exactly as Postgres would. */
function joinSourceColumns(scan: PlannedScan, pending: readonly PlannedScan[]): ColumnDef[] {
  const names = new Set(
    pending.flatMap((p) =>
      p.occurrence.joinKeys
        .filter((jk) => jk.source === scan.occurrence.rangeVar)
        .map((jk) => jk.sourceColumn),
    ),
  );
  return scan.occurrence.table.columns.filter(
    (c) =>
      names.has(c.name) &&
      TEXT_EXACT.has(c.typname) &&
      (c.typmod < 0 || !['varchar', 'numeric'].includes(c.typname)),
  );
}

const TEXT_EXACT = new Set(['text', 'varchar', 'int2', 'int4', 'int8', 'numeric']);

/** `column IN (<distinct values read from the joined relation>)`, or null when none applies. */
async function restrictionFrom(
  ctx: StatementContext,
  scan: PlannedScan,
  scans: readonly PlannedScan[],
  loaded: ReadonlyMap<PlannedScan, ReadonlyMap<string, ReadonlySet<string>>>,
): Promise<Predicate | null> {
  const keys = new Set([scan.info.partitionKey.name, ...scan.info.indexes.map((i) => i.partitionKey.name)]);
  for (const jk of scan.occurrence.joinKeys) {
    const source = scans.find((s) => s.occurrence.rangeVar === jk.source && loaded.has(s));
    const column = scan.occurrence.table.columns.find((c) => c.name === jk.column);
    if (!source || !column || !keys.has(attributeOf(column))) continue;
    const type = pushTypeOf(column.typname, column.collation, true, column.typmod);
    if (!type || type === 'BOOL') continue;
    const known = loaded.get(source)!.get(jk.sourceColumn);
    const texts = known
      ? [...known]
      : (
          await ctx.host.query(
            `select distinct ${quoteIdent(jk.sourceColumn)}::text from ${tempRelation(ctx.temps, source)} as s where ${quoteIdent(jk.sourceColumn)} is not null limit ${MAX_VALUES + 1}`,
          )
        ).rows.map((row) => row[0]!);
    if (texts.length > MAX_VALUES) continue;
    const values = texts.map((text) =>
      toAttributeValue({ kind: type === 'N' ? 'number' : 'string', value: text }, type),
    );
    if (values.some((v) => v === null)) continue;
    // What goes to DynamoDB is the values, not the join condition (the join still evaluates that).
    const shown = `${jk.column} IN (${values.length} value${values.length === 1 ? '' : 's'} read from ${source.plan.relation})`;
    return {
      kind: 'in',
      column: jk.column,
      values: values as NonNullable<(typeof values)[number]>[],
      sql: shown,
    };
  }
  return null;
}

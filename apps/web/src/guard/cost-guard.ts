import { statementShape } from '../sql/statement-kind';
import type { WirePlan, WirePreviewStatement, WireScan, WireScriptResult } from '../api/wire';
import { previewHeadline } from '../preview/write-preview';

export interface GuardSettings {
  /** A Scan estimated above this many RCU asks for confirmation. */
  readonly scanRcuThreshold: number;
}

export const DEFAULT_GUARD: GuardSettings = { scanRcuThreshold: 25 };

export type GuardReason =
  | {
      readonly kind: 'scan';
      readonly statementIndex: number;
      readonly relation: string;
      readonly table: string;
      /**
       * What reading every item costs: the worst case, since a paged result or a LIMIT may stop
       * sooner. Null when the engine cannot estimate it (DescribeTable reports no size, e.g. dynalite).
       */
      readonly estimatedRcu: number | null;
      /** The most its first DynamoDB page costs (firstPageRcu). */
      readonly firstPageRcu: number | null;
      readonly threshold: number;
    }
  | {
      readonly kind: 'unfiltered-write';
      readonly statementIndex: number;
      readonly command: 'UPDATE' | 'DELETE';
      /** The foreign table it writes (`public.users`) and its DynamoDB table. */
      readonly relation: string;
      readonly table: string;
      readonly server: string;
      /** DynamoDB's ItemCount for the table when known (withItemCount), else null. */
      readonly itemCount: number | null;
      /** The planner's count from its sample where DynamoDB reports none (dynalite, the demo), else null. */
      readonly sampledItemCount: number | null;
    }
  /**
   * A statement that may read or write DynamoDB whose reads and writes no plan shows: REFRESH
   * MATERIALIZED VIEW, or one the explain could not plan (`why`: its error, or that it stopped
   * earlier) — an EXECUTE of a statement the same script prepares, and what follows it.
   */
  | {
      readonly kind: 'unplanned';
      readonly statementIndex: number;
      readonly command: string;
      readonly why: string;
    }
  /** A write through a server marked `environment 'production'` (servers/production-writes.ts). */
  | {
      readonly kind: 'production-write';
      readonly statementIndex: number;
      readonly relation: string;
      readonly server: string;
    }
  /**
   * A write previewed by the API (guard/with-write-preview.ts): what it would change. It asks when
   * the API says so (`needsConfirmation`); otherwise it is shown beside the statements that ask.
   */
  | {
      readonly kind: 'write-preview';
      readonly statementIndex: number;
      readonly preview: WirePreviewStatement;
    };

export interface GuardDecision {
  readonly confirm: boolean;
  readonly reasons: readonly GuardReason[];
  /** Sum of every scan's estimate across the statements (unknown estimates count as 0). */
  readonly totalEstimatedRcu: number;
  /**
   * The script's UPDATE/DELETE were not previewed: a write finds its rows with a Scan above the
   * threshold, which a preview would read once more (guard/with-write-preview.ts).
   */
  readonly writesNotPreviewed?: boolean;
}

export interface GuardInput {
  readonly sql: string;
  /** The plan from /api/explain, when the statement touches DynamoDB. */
  readonly plan: WirePlan | null;
  /** Set when the explain gave this statement no plan although it may have one: why (guardInputs). */
  readonly unplanned?: string;
}

/**
 * Each statement of a script with its plan from /api/explain (null: the request failed). A statement
 * the explain did not reach is unplanned — it asks, when it may read or write — when the explain
 * failed as a whole, or stopped at an EXECUTE (of a statement the script itself prepares, which an
 * explain does not keep): the run would go on past it. Another statement's error stops the run
 * there too, so it asks nothing (it fails).
 *   ['prepare w as update t ...', 'execute w'], explain error at 1 → 1 unplanned
 */
export function guardInputs(
  statements: readonly string[],
  explained: Pick<WireScriptResult, 'statements' | 'error'> | null,
): GuardInput[] {
  const failedAt = !explained ? 0 : explained.error ? (explained.error.statementIndex ?? 0) : -1;
  const why = explained
    ? `the explain stopped at statement ${failedAt + 1}: ${explained.error?.message ?? ''}`
    : 'the explain failed';
  const goesOn = !explained || statementShape(statements[failedAt] ?? '').command === 'EXECUTE';
  return statements.map((sql, i) => {
    const plan = explained?.statements[i]?.plan ?? null;
    return { sql, plan, ...(failedAt !== -1 && goesOn && i >= failedAt && { unplanned: why }) };
  });
}

const SCANS = new Set(['Scan', 'ParallelScan']);

/** One Scan request reads at most 1 MB: 128 RCU eventually consistent, 256 strongly consistent. */
const PAGE_RCU = 1024 / 4 / 2;

/**
 * The most a scan's first DynamoDB page costs: its whole estimate when that is less than a page of
 * 1 MB, else one page per parallel segment. Scan of ~900 RCU, eventually consistent → 128.
 */
export function firstPageRcu(scan: Pick<WireScan, 'estimatedRcu' | 'consistentRead' | 'segments'>): number {
  const page = PAGE_RCU * (scan.consistentRead ? 2 : 1) * Math.max(1, scan.segments ?? 1);
  return scan.estimatedRcu === null ? page : Math.min(scan.estimatedRcu, page);
}

/**
 * Decides whether running these statements needs a confirmation: any Scan estimated above the
 * threshold or whose cost cannot be estimated, an UPDATE/DELETE without a WHERE clause of a foreign
 * table — the statement's own, a data-modifying WITH query's, EXPLAIN ANALYZE's — or a statement that
 * may read or write what its plan cannot show (`unplanned`). What counts is what running it does
 * (sql/statement-kind.ts reach): EXPLAIN without ANALYZE, SET, DDL ask nothing; EXPLAIN ANALYZE,
 * EXECUTE, CREATE TABLE AS, SELECT INTO, COPY, DECLARE, DO, CALL ask as their plan's reads and
 * writes do. A statement the engine could not plan — an unknown table — does not ask: it fails.
 * Queries and GetItems never ask.
 *   `with u as (update t set n = 1 returning *) select * from u` → UPDATE without a WHERE clause
 */
export function guardDecision(statements: readonly GuardInput[], settings: GuardSettings): GuardDecision {
  const reasons: GuardReason[] = [];
  let total = 0;
  statements.forEach((statement, statementIndex) => {
    const shape = statementShape(statement.sql);
    if (shape.reach === 'none') return;
    const written = statement.plan?.write;
    const unplanned =
      statement.unplanned ??
      (shape.reach === 'opaque' && !statement.plan?.scans.length && !written
        ? `the engine cannot plan what ${shape.command} reads`
        : undefined);
    if (unplanned !== undefined)
      reasons.push({ kind: 'unplanned', statementIndex, command: shape.command, why: unplanned });
    const target = written ? statement.plan?.scans.find((s) => s.relation === written.relation) : undefined;
    const write = shape.write;
    if ((write?.command === 'UPDATE' || write?.command === 'DELETE') && !write.hasWhere && written) {
      reasons.push({
        kind: 'unfiltered-write',
        statementIndex,
        command: write.command,
        relation: written.relation,
        table: written.table,
        server: target?.server ?? '',
        itemCount: null,
        sampledItemCount:
          target?.estimateBasis === 'sampled' && target.tableItemCount !== undefined
            ? target.tableItemCount
            : null,
      });
    }
    for (const scan of statement.plan?.scans ?? []) {
      const estimate = scan.estimatedRcu;
      total += estimate ?? 0;
      if (SCANS.has(scan.operation) && (estimate === null || estimate > settings.scanRcuThreshold)) {
        reasons.push({
          kind: 'scan',
          statementIndex,
          relation: scan.relation,
          table: scan.table,
          estimatedRcu: estimate,
          firstPageRcu: firstPageRcu(scan),
          threshold: settings.scanRcuThreshold,
        });
      }
    }
  });
  return { confirm: reasons.length > 0, reasons, totalEstimatedRcu: total };
}

/** The decision with DynamoDB's item count of each table an unfiltered write changes (0: unknown). */
export function withItemCounts(decision: GuardDecision, counts: ReadonlyMap<string, number>): GuardDecision {
  return {
    ...decision,
    reasons: decision.reasons.map((r) =>
      r.kind === 'unfiltered-write' && counts.get(r.relation)
        ? { ...r, itemCount: counts.get(r.relation)! }
        : r,
    ),
  };
}

/** One sentence per reason, for the dialog. */
export function describeReason(reason: GuardReason): string {
  if (reason.kind === 'unfiltered-write') {
    const count =
      reason.itemCount !== null
        ? `: about ${reason.itemCount.toLocaleString('en-US')} items by DynamoDB's count (refreshed about every 6 hours)`
        : reason.sampledItemCount !== null
          ? `: about ${reason.sampledItemCount.toLocaleString('en-US')} items by the planner's sample (DynamoDB reports no count)`
          : '';
    const verb = reason.command === 'DELETE' ? 'deletes' : 'changes';
    return `${reason.command} without a WHERE clause ${verb} every item of ${reason.relation} (DynamoDB table ${reason.table})${count}.`;
  }
  if (reason.kind === 'write-preview') return previewHeadline(reason.preview);
  if (reason.kind === 'unplanned') {
    return `Statement ${reason.statementIndex + 1} (${reason.command}) may read or write DynamoDB, but ${reason.why}: what it reads, writes and costs is not known before it runs.`;
  }
  if (reason.kind === 'production-write') {
    return `Writes to ${reason.relation} through ${reason.server}, a production server.`;
  }
  if (reason.estimatedRcu === null) {
    return `Full Scan of ${reason.table} (${reason.relation}): its cost cannot be estimated before it runs — DynamoDB reports no table size — and it reads every item. Its first page (1 MB at most) costs up to ~${formatEstimate(reason.firstPageRcu ?? PAGE_RCU)} RCU.`;
  }
  const firstPage =
    reason.firstPageRcu !== null && reason.firstPageRcu < reason.estimatedRcu
      ? ` Its first page (1 MB at most) costs up to ~${formatEstimate(reason.firstPageRcu)} RCU; a paged result or a LIMIT may stop there.`
      : '';
  return `Full Scan of ${reason.table} (${reason.relation}): worst case ~${formatEstimate(reason.estimatedRcu)} RCU reading every item, above your ${reason.threshold} RCU limit.${firstPage}`;
}

function formatEstimate(rcu: number): string {
  return rcu >= 100 ? Math.round(rcu).toLocaleString('en-US') : String(Math.round(rcu * 10) / 10);
}

/**
 * Whether a script can read or write DynamoDB at all, so that asking for its plan first is worth a
 * request: any statement but those that never do (SET, BEGIN, DDL, EXPLAIN without ANALYZE).
 */
export function mayRead(statements: readonly string[]): boolean {
  return statements.some((sql) => statementShape(sql).reach !== 'none');
}

import { statementShape } from '../sql/statement-kind';
import type { WirePlan } from '../api/wire';

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
      /** Null when the engine cannot estimate it (DescribeTable reports no size, e.g. dynalite). */
      readonly estimatedRcu: number | null;
      readonly threshold: number;
    }
  | {
      readonly kind: 'unfiltered-write';
      readonly statementIndex: number;
      readonly command: 'UPDATE' | 'DELETE';
    }
  /** A write through a server marked `environment 'production'` (servers/production-writes.ts). */
  | {
      readonly kind: 'production-write';
      readonly statementIndex: number;
      readonly relation: string;
      readonly server: string;
    };

export interface GuardDecision {
  readonly confirm: boolean;
  readonly reasons: readonly GuardReason[];
  /** Sum of every scan's estimate across the statements (unknown estimates count as 0). */
  readonly totalEstimatedRcu: number;
}

export interface GuardInput {
  readonly sql: string;
  /** The plan from /api/explain, when the statement touches DynamoDB. */
  readonly plan: WirePlan | null;
}

const SCANS = new Set(['Scan', 'ParallelScan']);

/**
 * Decides whether running these statements needs a confirmation: any Scan estimated above the
 * threshold or whose cost cannot be estimated, or an UPDATE/DELETE without a WHERE clause.
 * Queries and GetItems never ask.
 */
export function guardDecision(statements: readonly GuardInput[], settings: GuardSettings): GuardDecision {
  const reasons: GuardReason[] = [];
  let total = 0;
  statements.forEach((statement, statementIndex) => {
    const shape = statementShape(statement.sql);
    if ((shape.command === 'UPDATE' || shape.command === 'DELETE') && !shape.hasWhere) {
      reasons.push({ kind: 'unfiltered-write', statementIndex, command: shape.command });
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
          threshold: settings.scanRcuThreshold,
        });
      }
    }
  });
  return { confirm: reasons.length > 0, reasons, totalEstimatedRcu: total };
}

/** One sentence per reason, for the dialog. */
export function describeReason(reason: GuardReason): string {
  if (reason.kind === 'unfiltered-write') {
    return `${reason.command} without a WHERE clause changes every item in the table.`;
  }
  if (reason.kind === 'production-write') {
    return `Writes to ${reason.relation} through ${reason.server}, a production server.`;
  }
  if (reason.estimatedRcu === null) {
    return `Full Scan of ${reason.table} (${reason.relation}): its cost cannot be estimated before it runs — DynamoDB reports no table size — and it reads every item.`;
  }
  return `Full Scan of ${reason.table} (${reason.relation}) is estimated at ~${formatEstimate(reason.estimatedRcu)} RCU, above your ${reason.threshold} RCU limit.`;
}

function formatEstimate(rcu: number): string {
  return rcu >= 100 ? Math.round(rcu).toLocaleString('en-US') : String(Math.round(rcu * 10) / 10);
}

const READS = new Set(['SELECT', 'UPDATE', 'DELETE', 'INSERT', 'MERGE', 'TABLE', 'VALUES']);

/** Whether a script can read DynamoDB at all, so that asking for its plan first is worth a request. */
export function mayRead(statements: readonly string[]): boolean {
  return statements.some((sql) => READS.has(statementShape(sql).command));
}

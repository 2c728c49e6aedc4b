import type { ForeignOccurrence } from '../../bind/bind';
import type { Spliced } from '../../bind/splice';
import type { ViewCheck } from '../../bind/view-write';
import type { ColumnDef } from '../../catalog/foreign-table';
import type { BaseInput, ReadShape } from '../../fetch/read-request';
import type { Access } from '../access-path';
import type { TableInfo } from '../key-schema';
import type { TableStats } from '../table-stats';
import type { ScanPlan } from '../../types';
import type { LocalShape } from './local-shape';

/**
 * A statement over foreign tables as planned (plan/statement/prepare-foreign.ts makes it; the runners
 * read it): a discriminated union on `shape`, the manner the statement is answered in, each variant
 * carrying exactly what its runner needs. A frozen value: a run keeps its figures apart (run-stats.ts)
 * and records a join's restricted read as a re-plan there, so a cached plan serves every run.
 *   `select count(*) from t where x > 1`                 → count (DynamoDB counts: `Select: COUNT`)
 *   `select a, b from t where pk = 'k' order by sk desc` → rows-from-items (no host work)
 *   `select a.x, b.y from a join b on a.k = b.k`         → engine-hash-join
 *   `select kind, count(*) from t group by kind`         → streaming-evaluation (aggregate/DISTINCT/top-N)
 *   `select upper(name) from t limit 3`                  → stream-through-host (page by page, stops at LIMIT)
 *   `select ... from a, b where ...` (anything else)     → materialise-in-host (every read loaded, one host run)
 *   `update t set ...`                                   → write
 *   `select now()`, `set x = 1`, `begin` (no foreign table) → host-only (the host runs it as it is)
 */
export type StatementPlan =
  | CountPlan
  | RowsFromItemsPlan
  | HashJoinPlan
  | EvaluationPlan
  | StreamPlan
  | MaterialisePlan
  | WriteStatementPlan
  | HostOnlyPlan;

/** A plan that reads or writes a foreign table: every shape but host-only. */
export type ForeignPlan = Exclude<StatementPlan, HostOnlyPlan>;

export type ExecutionShape = StatementPlan['shape'];

/** One planned read of a foreign table: its plan, exact request and temp table. */
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
  /** The table's size as the estimate knew it (to price the reads a join will restrict). */
  readonly stats?: Pick<TableStats, 'itemCount' | 'sizeBytes' | 'keySample'>;
  /** Where the items are loaded when the host evaluates the statement ('' when no host work reads it). */
  readonly tempTable: string;
  /** Set when the plan prices this read as the key reads a join will make: the price without them. */
  readonly unrestrictedRcu?: number;
  /** With `unrestrictedRcu`: the items each join key value is expected to read (1: a key read). */
  readonly joinItemsPerKey?: number;
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

/** What every shape has: the statement, its reads, and what the host was given of it. */
interface PlanBase {
  readonly ast: unknown;
  /** The statement as bound (views expanded), before the temp-table rewrite. */
  readonly boundText: string;
  /** The statement with every foreign relation replaced by its temp table (the bound text when no host work). */
  readonly rewritten: Spliced;
  readonly scans: readonly PlannedScan[];
  /** The result columns as the host described them (none for a write; the count's for a count). */
  readonly fields: readonly { readonly name: string; readonly typeId: number }[];
  /** Every temp table the statement created (dropped when it ends); none for the shapes without host work. */
  readonly tempTables: readonly string[];
}

/** `select count(*) from t [where <all pushed>]`: DynamoDB counts (`Select: COUNT`); nothing is loaded. */
export interface CountPlan extends PlanBase {
  readonly shape: 'count';
  readonly scan: PlannedScan;
  /** The output column's name. */
  readonly column: string;
}

/** A SELECT answered from the items alone: rows made in the engine, no host work (see pushed-shapes.ts). */
export interface RowsFromItemsPlan extends PlanBase {
  readonly shape: 'rows-from-items';
  readonly scan: PlannedScan;
  readonly rows: DirectShape;
}

/** An inner equi-join of two foreign relations answered by a hash join of the items (see direct-join.ts). */
export interface HashJoinPlan extends PlanBase {
  readonly shape: 'engine-hash-join';
  readonly join: DirectJoin;
}

/** Aggregates, DISTINCT or the top N computed while the pages arrive; the host finishes (see local-shape.ts). */
export interface EvaluationPlan extends PlanBase {
  readonly shape: 'streaming-evaluation';
  readonly scan: PlannedScan;
  readonly evaluation: LocalShape;
}

/** A single-relation SELECT that streams page by page through the host (see streaming-shape.ts). */
export interface StreamPlan extends PlanBase {
  readonly shape: 'stream-through-host';
  readonly scan: PlannedScan;
  readonly window: StreamingShape;
}

/** Every read loaded into its temp table (a join's later ones restricted by the keys read), one host run. */
export interface MaterialisePlan extends PlanBase {
  readonly shape: 'materialise-in-host';
}

/** INSERT/UPDATE/DELETE of a foreign table: the host evaluates it on a temp copy, the engine writes the difference. */
export interface WriteStatementPlan extends PlanBase {
  readonly shape: 'write';
  readonly target: WriteTarget;
  /** WITH CHECK OPTION conditions of the views a write goes through (see view-write.ts), innermost first. */
  readonly viewChecks: readonly ViewCheck[];
}

/**
 * A statement that reads no foreign table: no scan, no temp table, no rewrite; the host runs the text
 * as it is and nothing is read from DynamoDB. (The wire shows no plan for it: `plan: null`.)
 */
export interface HostOnlyPlan extends PlanBase {
  readonly shape: 'host-only';
  readonly scans: readonly [];
}

/** The plan of a statement the host runs alone: `select now()` → `{ shape: 'host-only', scans: [] }`. */
export function hostOnlyPlan(text: string, ast: unknown): HostOnlyPlan {
  return Object.freeze({
    shape: 'host-only',
    ast,
    boundText: text,
    rewritten: Object.freeze({ text, originalPosition: (p: number) => p }),
    scans: Object.freeze([]) as readonly [],
    fields: Object.freeze([]),
    tempTables: Object.freeze([]),
  });
}

/** Whether a plan reads or writes a foreign table (is not host-only). */
export function isForeignPlan(plan: StatementPlan): plan is ForeignPlan {
  return plan.shape !== 'host-only';
}

/** A compile-time check that a `switch (plan.shape)` left no shape out. */
export function unknownShape(shape: never): never {
  throw new Error(`no runner for the statement shape ${String(shape)}`);
}

export interface StreamingShape {
  readonly limit: number | null;
  readonly offset: number;
}

export interface DirectShape {
  readonly columns: readonly { readonly def: ColumnDef; readonly name: string }[];
  readonly limit: number | null;
  readonly offset: number;
  /** ORDER BY the sort key: read the partition backwards when descending. */
  readonly descending: boolean;
}

/** One output column of a direct join: which relation (0 or 1) and which of its columns. */
export interface JoinColumn {
  readonly side: 0 | 1;
  readonly def: ColumnDef;
  readonly name: string;
}

export interface DirectJoin {
  readonly columns: readonly JoinColumn[];
  /** Equalities `scans[0].left = scans[1].right`, all of which a row pair must satisfy. */
  readonly keys: readonly { readonly left: ColumnDef; readonly right: ColumnDef }[];
  /** The equalities as written: `c.id = o.customer AND ...`. */
  readonly condition: string;
}

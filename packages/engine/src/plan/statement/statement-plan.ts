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
 * read it): each foreign relation's read, the write target, and the shape the statement is answered in. A
 * frozen value: a run keeps its figures apart (run-stats.ts), so a cached plan serves every run.
 */

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
  /** The table's size as the estimate knew it (to price the reads a join will restrict). */
  readonly stats?: Pick<TableStats, 'itemCount' | 'sizeBytes'>;
  /** Where the items are loaded when the host evaluates the statement (set while preparing). */
  tempTable: string;
  /** Set when the plan prices this read as the key reads a join will make: the price without them. */
  unrestrictedRcu?: number;
  /** With `unrestrictedRcu`: the items each join key value is expected to read (1: a key read). */
  joinItemsPerKey?: number;
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
  /** Set when the engine aggregates, keeps DISTINCT values or the top N while reading (see local-shape.ts). */
  readonly local?: LocalShape | null;
  /** WITH CHECK OPTION conditions of the views a write goes through (see view-write.ts), innermost first. */
  readonly viewChecks?: readonly ViewCheck[];
  /** Every temp table the statement created (dropped when it ends). */
  readonly tempTables: readonly string[];
  /** The statement with every foreign relation replaced by its temp table. */
  readonly rewritten: Spliced;
  readonly scans: readonly PlannedScan[];
  readonly fields: readonly { name: string; typeId: number }[];
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

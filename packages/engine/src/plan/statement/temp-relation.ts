import { quoteIdent } from '../../parse/ast';
import { stagedRelationSql } from '../../session/staged-rows';
import type { TempTables } from '../../session/temp-tables';
import type { PlannedScan } from './statement-plan';

/**
 * A scan's temp table as a relation of SQL the engine writes: `pg_temp."__ds_a1"`, or, in a
 * read-only block, its staged rows as a subquery (session/staged-rows.ts), which needs an alias —
 * sampled by `sample`, its TABLESAMPLE clause (staged-sample.ts).
 */
export function tempRelation(temps: TempTables, scan: PlannedScan, sample?: string): string {
  if (!temps.isStaged(scan.tempTable)) return `pg_temp.${quoteIdent(scan.tempTable)}`;
  const table = scan.occurrence.table;
  return stagedRelationSql(
    scan.tempTable,
    `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`,
    table.columns,
    sample,
  );
}

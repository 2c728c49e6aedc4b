import { as, quoteIdent } from '../parse/ast';
import type { RangeVar } from '@pgsql/types';

/**
 * The temporary relations a statement creates, as names to look up in the session's temp schema
 * once it ran (temp-owners.ts): CREATE TEMP TABLE (and AS), SELECT ... INTO TEMP, CREATE TEMP VIEW
 * and CREATE TEMP SEQUENCE, or any of them named in `pg_temp`. Every other statement creates none
 * that its text shows (a function's body may: those are not seen).
 *   `create temp table t (a int)`      → ['pg_temp."t"']
 *   `select 1 as a into temp table x`  → ['pg_temp."x"']
 *   `explain analyze create temp table x as select 1` → ['pg_temp."x"']
 *   `create table public.t (a int)`    → []
 */
export function createdTempRelations(node: unknown): string[] {
  // EXPLAIN ANALYZE runs what it explains (found by helper-126).
  const explained = as(node, 'ExplainStmt')?.query;
  if (explained) return createdTempRelations(explained);
  const relation =
    as(node, 'CreateStmt')?.relation ??
    as(node, 'CreateTableAsStmt')?.into?.rel ??
    as(node, 'SelectStmt')?.intoClause?.rel ??
    as(node, 'ViewStmt')?.view ??
    as(node, 'CreateSeqStmt')?.sequence;
  return relation && isTemp(relation) ? [`pg_temp.${quoteIdent(relation.relname!)}`] : [];
}

/** `temp` written, or the relation named in the session's temp schema (`pg_temp`, `pg_temp_3`). */
const isTemp = (r: RangeVar): boolean =>
  r.relpersistence === 't' || /^pg_temp(_\d+)?$/.test(r.schemaname ?? '');

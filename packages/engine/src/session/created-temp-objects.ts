import { as, names } from '../parse/ast';
import type { RangeVar } from '@pgsql/types';

/**
 * The names of the objects a statement may create in the session's temp schema, to look up there
 * once it ran (temp-owners.ts): relations (CREATE TABLE [AS], SELECT ... INTO, CREATE VIEW and
 * SEQUENCE, a composite type), functions, procedures and aggregates, enum, range and domain types,
 * operators, collations, text search objects, conversions and statistics objects — each named in
 * `pg_temp`, written `temp`, or unqualified: a view over a temp table is temporary without the word,
 * and with `pg_temp` first in search_path an unqualified CREATE makes a temp object. Whether it did
 * is the temp schema's to say, before and after. Every other statement creates none that its text
 * shows (a function's body may: those are not seen).
 *   `create temp table t (a int)`                     → ['t']
 *   `create function pg_temp.f() returns int ...`     → ['f']
 *   `create view v as select * from t`                → ['v']
 *   `explain analyze create temp table x as select 1` → ['x']
 *   `create table public.t (a int)`                   → []
 */
export function createdTempObjects(node: unknown): string[] {
  // EXPLAIN ANALYZE runs what it explains (found by helper-126).
  const explained = as(node, 'ExplainStmt')?.query;
  if (explained) return createdTempObjects(explained);
  const relation =
    as(node, 'CreateStmt')?.relation ??
    as(node, 'CreateTableAsStmt')?.into?.rel ??
    as(node, 'SelectStmt')?.intoClause?.rel ??
    as(node, 'ViewStmt')?.view ??
    as(node, 'CreateSeqStmt')?.sequence ??
    as(node, 'CompositeTypeStmt')?.typevar;
  if (relation) return mayBeTemp(relation) ? [relation.relname!] : [];
  const name = names(
    as(node, 'CreateFunctionStmt')?.funcname ??
      as(node, 'DefineStmt')?.defnames ??
      as(node, 'CreateEnumStmt')?.typeName ??
      as(node, 'CreateRangeStmt')?.typeName ??
      as(node, 'CreateDomainStmt')?.domainname ??
      as(node, 'CreateConversionStmt')?.conversion_name ??
      as(node, 'CreateStatsStmt')?.defnames,
  );
  return name.length === 1 || TEMP_SCHEMA.test(name.at(-2)!) ? name.slice(-1) : [];
}

/** The session's temp schema, by its alias or its name (`pg_temp_3`). */
const TEMP_SCHEMA = /^pg_temp(_\d+)?$/;

/** `temp` written, the relation named in the temp schema, or unqualified. */
const mayBeTemp = (r: RangeVar): boolean =>
  r.relpersistence === 't' || r.schemaname === undefined || TEMP_SCHEMA.test(r.schemaname);

import type { ScanToken } from 'libpg-query';
import type { Splice } from '../../bind/splice';
import type { SystemColumnRef } from '../../bind/system-columns';
import { EngineError, SqlState } from '../../errors';
import { quoteIdent, quoteLiteral } from '../../parse/ast';

/** A foreign table's read in the rewritten statement: its temp table and the foreign table it stands for. */
export interface StandIn {
  /** `pg_temp."__ds_2"`, as SQL. */
  readonly tempTable: string;
  readonly foreignOid: number;
}

/**
 * A foreign table's system columns other than tableoid (ctid, xmin, xmax, cmin, cmax) are refused,
 * 0A000 at the reference, before anything is read: a virtual row of an FDW has none (Postgres:
 * `cannot retrieve a system column in this context`), and the temp table's ctid addresses no item
 * (`delete from ft where ctid = ...` would hit other items).
 *   `select xmin from ft` → 0A000 cannot retrieve a system column in this context (position 8)
 */
export function refuseSystemColumns(
  refs: readonly SystemColumnRef[],
  toOriginal: (position: number) => number,
): void {
  const refused = refs.find((r) => r.column !== 'tableoid');
  if (refused)
    throw new EngineError(SqlState.featureNotSupported, 'cannot retrieve a system column in this context', {
      position: toOriginal(refused.location + 1),
      detail: `Foreign table "${refused.relation.relname}" has no system column "${refused.column}": its rows are DynamoDB items, read into a copy of the host's.`,
      hint: 'Address an item by its key columns.',
    });
}

/**
 * A foreign table's `tableoid` is the foreign table's oid, as in Postgres, not its temp table's: each
 * reference becomes a CASE mapping every temp table of the statement to its foreign table (NULL stays
 * NULL: a row an outer join added; a name the host resolves elsewhere keeps its value), whose ELSE is
 * the reference itself, so the column is still named `tableoid`. `nameOf` gives the relation's name
 * in the rewritten statement for a schema-qualified reference (`public.ft.tableoid`).
 *   `select tableoid::regclass from ft` → `select case tableoid when 'pg_temp."__ds_2"'::pg_catalog.regclass
 *     then 16384::pg_catalog.oid else tableoid end::regclass from pg_temp."__ds_2" AS "ft"` → `ft`
 */
export function systemColumnSplices(
  refs: readonly SystemColumnRef[],
  tokens: readonly ScanToken[],
  standIns: readonly StandIn[],
  nameOf: (ref: SystemColumnRef) => string,
  staged: (ref: SystemColumnRef) => { readonly foreignOid: number } | undefined,
): Splice[] {
  const out: Splice[] = [];
  for (const ref of refs) {
    if (ref.column !== 'tableoid') continue;
    const i = tokens.findIndex((t) => t.start === ref.location);
    const last = tokens[i + 2 * (ref.fields.length - 1)];
    if (i < 0 || !last) continue;
    const rows = staged(ref);
    if (rows) {
      out.push({
        start: ref.location,
        end: last.end,
        replacement: stagedTableoid(ref, tokens, i, nameOf, rows.foreignOid),
      });
      continue;
    }
    const reference = ref.fields.length === 3 ? `${nameOf(ref)}.tableoid` : tokensText(tokens, i, last);
    const whens = standIns.map(
      (s) => ` when ${quoteLiteral(s.tempTable)}::pg_catalog.regclass then ${s.foreignOid}::pg_catalog.oid`,
    );
    out.push({
      start: ref.location,
      end: last.end,
      replacement: `case ${reference}${whens.join('')} else ${reference} end`,
    });
  }
  return out;
}

/**
 * Staged rows (a read-only block: session/staged-rows.ts) are a subquery, which has no tableoid: the
 * foreign table's oid where its row is there (a scalar subquery named `tableoid`, NULL for a row an
 * outer join adds, whose whole row is NULL).
 *   `select tableoid from ft` → `select (select 16384::pg_catalog.oid as tableoid where pg_catalog.num_nulls("ft") = 0) from (...) AS "ft"`
 */
function stagedTableoid(
  ref: SystemColumnRef,
  tokens: readonly ScanToken[],
  first: number,
  nameOf: (ref: SystemColumnRef) => string,
  foreignOid: number,
): string {
  // Its whole row by the name the statement reads it by: as qualified, else its alias or name.
  const alias = ref.relation.alias?.aliasname;
  const row =
    ref.fields.length === 2
      ? tokens[first]!.text
      : ref.fields.length === 1 && alias
        ? quoteIdent(alias)
        : nameOf(ref);
  return `(select ${foreignOid}::pg_catalog.oid as tableoid where pg_catalog.num_nulls(${row}) = 0)`;
}

/** `ft . tableoid` as its tokens spell it, without what stood between them. */
function tokensText(tokens: readonly ScanToken[], first: number, last: ScanToken): string {
  return tokens
    .slice(first, tokens.indexOf(last) + 1)
    .map((t) => t.text)
    .join('');
}

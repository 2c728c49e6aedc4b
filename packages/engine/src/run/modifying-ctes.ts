import { applySplices } from '../bind/splice';
import { EngineError, SqlState } from '../errors';
import { as, kindOf, quoteIdent, walk } from '../parse/ast';
import { memoByNode } from '../parse/node-memo';
import { parseOne, scanTokens } from '../parse/parse';
import type { Column } from '../types';

const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** A WITH query of the statement itself that writes (`d AS (DELETE ... RETURNING *)`). */
export interface ModifyingCte {
  readonly name: string;
  readonly node: unknown;
  /** Its statement's text (what is inside the parentheses), and where that stands in the statement. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The data-modifying WITH queries at the top of a statement, in order; `nestedAt` is where one
 * stands anywhere else (in a subquery's WITH: Postgres refuses that), or null.
 *   with moved as (delete from m where dev = 10 returning *) insert into m select * from moved
 *   → [{ name: 'moved', text: 'delete from m where dev = 10 returning *', ... }]
 */
export const modifyingCtes: (
  node: unknown,
  text: string,
) => { readonly top: readonly ModifyingCte[]; readonly nestedAt: number | null } =
  memoByNode(findModifyingCtes);

function findModifyingCtes(node: unknown, text: string) {
  // A statement's WITH clause is a bare object in the tree (`withClause: { ctes }`), not a wrapped node.
  const withClause = (
    as(node, 'SelectStmt') ??
    as(node, 'InsertStmt') ??
    as(node, 'UpdateStmt') ??
    as(node, 'DeleteStmt') ??
    as(node, 'MergeStmt')
  )?.withClause;
  const top: ModifyingCte[] = [];
  const topNodes = new Set<unknown>();
  const tokens = scanTokens(text);
  for (const c of withClause?.ctes ?? []) {
    const cte = as(c, 'CommonTableExpr');
    if (!cte || !WRITES.has(kindOf(cte.ctequery) ?? '')) continue;
    // The body: from the `(` after AS [NOT] [MATERIALIZED] to its matching `)`.
    let i = tokens.findIndex((t) => t.start >= (cte.location ?? 0) && /^as$/i.test(t.text));
    while (tokens[i] && tokens[i]!.text !== '(') i++;
    let depth = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j]!.text === '(') depth++;
      else if (tokens[j]!.text === ')' && --depth === 0) break;
    }
    const start = tokens[i + 1]!.start;
    const end = tokens[j - 1]!.end;
    // Parsed on its own: its locations are then its text's.
    top.push({
      name: cte.ctename ?? '',
      node: parseOne(text.slice(start, end)),
      text: text.slice(start, end),
      start,
      end,
    });
    topNodes.add(cte.ctequery);
  }
  let nestedAt: number | null = null;
  walk(node, (_kind, _fields, n) => {
    const cte = as(n, 'CommonTableExpr');
    if (cte && WRITES.has(kindOf(cte.ctequery) ?? '') && !topNodes.has(cte.ctequery))
      nestedAt ??= cte.location ?? 0;
  });
  return Object.freeze({ top: Object.freeze(top), nestedAt });
}

/**
 * The statement with each WITH query's body reading `pg_temp.<table>` instead, its columns named as
 * its RETURNING names them (`columns`; two may share a name: `returning old.*, new.*`).
 *   `with d as (delete from m returning id, id) ...` → `with d as (select "c1" as id, "c2" as id from pg_temp.t) ...`
 */
export function readingResults(
  text: string,
  ctes: readonly ModifyingCte[],
  tables: readonly string[],
  columns: readonly (readonly Column[])[],
): string {
  return applySplices(
    text,
    ctes.map((c, i) => ({
      start: c.start,
      end: c.end,
      replacement: `select ${
        columns[i]!.length
          ? columns[i]!.map((col, n) => `"c${n + 1}" as ${quoteIdent(col.name)}`).join(', ')
          : '*'
      } from pg_temp.${quoteIdent(tables[i]!)}`,
    })),
  ).text;
}

/** `create temp table t ("c1" integer, "c2" text)` for a WITH query's RETURNING columns, by position. */
export function resultTableSql(table: string, columns: readonly Column[]): string {
  return `create temp table ${quoteIdent(table)} (${columns.map((c, n) => `"c${n + 1}" ${c.type}`).join(', ')})`;
}

/**
 * `insert into t select ... from jsonb_array_elements_text($1)`: the rows a write returned, each its
 * composite text under the canonical output settings (ctx.canonicalReturning), read back as t's row
 * type — so floats keep all their digits and dates, times, intervals and bytea their values, whatever
 * the session's DateStyle, TimeZone, IntervalStyle, bytea_output or extra_float_digits (that canonical
 * text reads back the same under any of them: ISO dates with explicit offsets, signed interval fields,
 * hex bytea).
 */
export function insertResultsSql(table: string): string {
  const t = `pg_temp.${quoteIdent(table)}`;
  return `insert into ${t} select (r).* from (select value::${t} r from jsonb_array_elements_text($1::jsonb)) s`;
}

/** Postgres reads every part of a statement on one snapshot: reading a table a WITH query writes cannot be reproduced. */
export function snapshotConflict(table: string, location: number): EngineError {
  return new EngineError(
    SqlState.featureNotSupported,
    `the statement reads ${table}, which a data-modifying WITH query writes`,
    {
      position: location + 1,
      hint: 'Postgres would read it as it was before the write: read it in a separate statement first',
    },
  );
}

/**
 * An error of a WITH query's own statement, planned or run on its text alone: its position moved
 * to where that text stands in the statement, as Postgres points into the whole statement.
 *   with w as (update t set n = 2 returning nosuch) ... → 42703 at 35 of the query's text, 46 of the statement's
 */
export function inWithQuery(e: unknown, cte: ModifyingCte): unknown {
  if (e instanceof EngineError && e.position !== undefined) e.position += cte.start;
  return e;
}

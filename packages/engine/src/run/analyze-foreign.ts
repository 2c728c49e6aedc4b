import type { VacuumStmt } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import { asRangeVar, type RangeVarFields } from '../bind/range-vars';
import { foreignAmong } from '../catalog/foreign-relations';
import { qualifiedNameEnd } from '../bind/source-text';
import type { Host } from '../host/host';
import { as } from '../parse/ast';
import { scanTokens } from '../parse/parse';

/** What is left of an ANALYZE naming foreign tables for the host: its text (null: nothing), and the warnings. */
export interface AnalyzeSplit {
  readonly hostText: string | null;
  readonly warnings: readonly string[];
}

/**
 * ANALYZE naming foreign tables, as Postgres answers it for an FDW that cannot analyze (the
 * DynamoDB wrapper's): each is skipped with a warning and the others are analyzed. The host, whose
 * foreign tables have no handler, would fail the statement (55000), so the engine takes them out of
 * its list (the engine samples a table's size itself when it plans: fetch/sample-stats.ts). VACUUM,
 * with ANALYZE or not, skips them in the host with its own warning first. Null: no foreign table named.
 *   analyze ft       → no host statement; skipping "ft" --- cannot analyze this foreign table
 *   analyze lt, ft(n) → host: analyze lt; the same warning
 */
export async function splitForeignAnalyze(
  host: Host,
  node: unknown,
  text: string,
): Promise<AnalyzeSplit | null> {
  const stmt = as(node, 'VacuumStmt') as VacuumStmt | undefined;
  if (!stmt || stmt.is_vacuumcmd || !stmt.rels?.length) return null;
  const rels = stmt.rels.flatMap((r) => {
    const rv = asRangeVar({ RangeVar: as(r, 'VacuumRelation')?.relation });
    return rv ? [rv] : [];
  });
  const foreign = await foreignAmong(host, rels);
  if (!foreign.size) return null;
  const tokens = scanTokens(text);
  const kept = rels
    .filter((rv) => !foreign.has(rv))
    .map((rv) => text.slice(rv.location, relationEnd(tokens, rv)));
  return {
    hostText: kept.length ? text.slice(0, rels[0]!.location) + kept.join(', ') : null,
    warnings: rels
      .filter((rv) => foreign.has(rv))
      .map((rv) => `skipping "${rv.relname}" --- cannot analyze this foreign table`),
  };
}

/** The end of a relation in ANALYZE's list, with its column list: `ft (a, "B")` → after `)`. */
function relationEnd(tokens: readonly ScanToken[], rv: RangeVarFields): number {
  const end = qualifiedNameEnd(tokens, rv.location);
  const i = tokens.findIndex((t) => t.start >= end);
  if (tokens[i]?.text !== '(') return end;
  const close = tokens.findIndex((t, j) => j > i && t.text === ')');
  return close < 0 ? end : tokens[close]!.end;
}

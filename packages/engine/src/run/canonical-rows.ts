import type { Spliced } from '../bind/splice';
import { canonicalTextSql } from '../write/canonical-text';
import type { StatementContext } from './context';

/**
 * For a data-modifying WITH query (ctx.canonicalReturning), the host statement yielding RETURNING rows
 * with one more column: the returned columns (after the `skip` of the engine's own) as one composite
 * text under the canonical output settings (write/canonical-text.ts), cut to them by compositeFields;
 * a host error's position in it is mapped back as `sql`'s.
 *   delete from t returning t.ctid::text, d
 *   → with w as (delete from t returning t.ctid::text, d) select w.*, dynascope.canonical_text(w) from w
 */
export function canonicalRows(ctx: StatementContext, sql: Spliced): Spliced {
  if (!ctx.canonicalReturning) return sql;
  const before = `with ${DS_W} as (`;
  return {
    text: `${before}${sql.text}) select ${DS_W}.*, ${canonicalTextSql(DS_W)} from ${DS_W}`,
    originalPosition: (p) => sql.originalPosition(Math.max(1, p - before.length)),
  };
}

const DS_W = 'dynascope_returning';

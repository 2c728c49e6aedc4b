import type { ScanToken } from 'libpg-query';
import type { ForeignOccurrence } from '../../bind/bind';
import type { RangeVarFields } from '../../bind/range-vars';
import type { Splice } from '../../bind/splice';
import { EngineError, SqlState } from '../../errors';
import { as, names, walk } from '../../parse/ast';

/** A staged occurrence's TABLESAMPLE clause, as written, and the splice that takes it from the statement. */
export interface StagedSample {
  readonly clause: string;
  readonly splice: Splice;
}

/** The methods that draw each page (SYSTEM) or each row (BERNOULLI) on its own. */
const DRAWN_ONE_BY_ONE = new Set(['system', 'bernoulli']);

/**
 * TABLESAMPLE over a foreign table whose rows a read-only block stages (session/staged-rows.ts): a
 * subquery cannot be sampled, so the clause moves, as written, onto the staged rows' table, where
 * such a read stages its items one a row, and the subquery keeps the drawn rows that are its own:
 *   begin read only; select * from ft tablesample bernoulli (50) repeatable (1) where v + 0 = 1
 *   → select * from (with "__ds_a1" as materialized (select r.* from pg_temp.__ds_rows b
 *        tablesample bernoulli (50) repeatable (1) cross join lateral (...) r where b.name = '__ds_a1')
 *        select * from "__ds_a1") AS "ft" where v + 0 = 1
 * SYSTEM and BERNOULLI draw each page or row on its own, so the other rows of that table change
 * nothing in which of a read's rows are kept. A method that draws a number of rows (tsm_system_rows's
 * `system_rows (n)`) would draw them from other reads' rows too: refused, 0A000 at the method.
 */
export function stagedSamples(
  ast: unknown,
  text: string,
  tokens: readonly ScanToken[],
  staged: readonly ForeignOccurrence[],
  toOriginal: (p: number) => number,
): Map<ForeignOccurrence, StagedSample> {
  const out = new Map<ForeignOccurrence, StagedSample>();
  if (!staged.length) return out;
  walk(ast, (kind, fields) => {
    if (kind !== 'RangeTableSample') return;
    const relation = as<RangeVarFields>(fields.relation, 'RangeVar');
    const sampled = staged.find((o) => o.rangeVar.location === relation?.location);
    if (!sampled) return;
    const method = names(fields.method);
    const location = fields.location as number;
    const name = method.at(-1)!;
    if ((method.length > 1 && method[0] !== 'pg_catalog') || !DRAWN_ONE_BY_ONE.has(name))
      throw new EngineError(
        SqlState.featureNotSupported,
        `TABLESAMPLE ${method.join('.')} over a foreign table is not supported in a read-only transaction`,
        {
          position: toOriginal(location + 1),
          hint: 'Sample it with SYSTEM or BERNOULLI there, or read it outside the read-only transaction.',
        },
      );
    const range = clauseRange(tokens, location);
    out.set(sampled, {
      clause: text.slice(range.start, range.end),
      splice: { ...range, replacement: '' },
    });
  });
  return out;
}

/**
 * Where a TABLESAMPLE clause stands, from its keyword to the end of its arguments or REPEATABLE's:
 * `ft s tablesample bernoulli (f(1)) repeatable (2) where` → `tablesample bernoulli (f(1)) repeatable (2)`.
 * `method` is where the method's name begins (the clause's node is located there).
 */
function clauseRange(tokens: readonly ScanToken[], method: number): { start: number; end: number } {
  const at = tokens.findIndex((t) => t.start === method);
  let i = tokens.findIndex((t, k) => k > at && t.text === '(');
  i = closing(tokens, i);
  if (/^repeatable$/i.test(tokens[i + 1]?.text ?? '')) i = closing(tokens, i + 2);
  return { start: tokens[at - 1]!.start, end: tokens[i]!.end };
}

/** The index of the parenthesis closing the one at `open`. */
function closing(tokens: readonly ScanToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses after offset ${tokens[open]?.start}`);
}

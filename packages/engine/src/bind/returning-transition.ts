import type { DeleteStmt, InsertStmt, UpdateStmt } from '@pgsql/types';
import { as, names, walk } from '../parse/ast';

/** The names a write's RETURNING reads the row before and after the write by, those it uses. */
export interface TransitionNames {
  /** `old` (or `WITH (OLD AS o)`'s name) where RETURNING reads it, else null. */
  readonly old: string | null;
  readonly new: string | null;
}

/**
 * Postgres 18's `RETURNING old.*, new.*` of a write (`RETURNING WITH (OLD AS o, NEW AS n) o.*`):
 * which of the two names its RETURNING reads — `name.column`, `name.*`, or the whole row `name` when no
 * column has that name; not a name the target is called by (then it is the target, as in Postgres).
 *   `insert into t values (1) returning old.*, new.n` → { old: 'old', new: 'new' }
 *   `insert into t values (1) returning with (new as after) after.n` → { old: null, new: 'after' }
 */
export function transitionNames(
  stmt: InsertStmt | UpdateStmt | DeleteStmt,
  target: string,
  columns: readonly string[],
): TransitionNames {
  const clause = stmt.returningClause;
  const named = (kind: 'RETURNING_OPTION_OLD' | 'RETURNING_OPTION_NEW', fallback: string) =>
    (clause?.options ?? []).map((o) => as(o, 'ReturningOption')).find((o) => o?.option === kind)?.value ??
    fallback;
  const used = new Set<string>();
  walk(clause?.exprs, (_kind, _fields, node) => {
    const ref = as(node, 'ColumnRef');
    if (!ref) return;
    const f = names(ref.fields);
    if (f.length > 1 || !columns.includes(f[0]!)) used.add(f[0]!);
  });
  const pick = (name: string) => (used.has(name) && name !== target ? name : null);
  return {
    old: pick(named('RETURNING_OPTION_OLD', 'old')),
    new: pick(named('RETURNING_OPTION_NEW', 'new')),
  };
}

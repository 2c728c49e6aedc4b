import { as } from '../../parse/ast';

/**
 * A SELECT's own clauses, read once: the one answer to "is this a plain SELECT?" that every
 * statement shape (count, direct rows, streaming, key-order LIMIT, direct join) starts from.
 *   `select a from t where x = 1 limit 5`  → { plain: true, relations: [t], ordered: false, limit: 5, offset: 0 }
 *   `select distinct a from t`             → { plain: false, ... }
 */
export interface SelectShape {
  /** The SelectStmt's fields. */
  readonly stmt: Readonly<Record<string, unknown>>;
  /**
   * No set operation, DISTINCT, GROUP BY, HAVING, WINDOW, WITH, FOR UPDATE, INTO or VALUES: each row
   * of FROM makes at most one row, and nothing needs all rows first but ORDER BY and LIMIT.
   */
  readonly plain: boolean;
  /** FROM's items, when each is a plain relation (a RangeVar); null otherwise. */
  readonly relations: readonly unknown[] | null;
  readonly ordered: boolean;
  /** LIMIT/OFFSET written at all (even `LIMIT ALL`). */
  readonly limited: boolean;
  /** LIMIT n → n; none, ALL or NULL → null; anything but a constant → undefined. */
  readonly limit: number | null | undefined;
  /** OFFSET n → n; none → 0; anything else → undefined. */
  readonly offset: number | undefined;
  readonly withTies: boolean;
}

/** The shape of a SELECT statement's tree, or null for any other statement. */
export function selectShape(ast: unknown): SelectShape | null {
  const s = as<Record<string, unknown>>(ast, 'SelectStmt');
  if (!s) return null;
  const from = Array.isArray(s.fromClause) ? s.fromClause : [];
  const offset = s.limitOffset === undefined ? 0 : intConstant(s.limitOffset);
  return Object.freeze({
    stmt: s,
    plain:
      s.op === 'SETOP_NONE' &&
      !s.distinctClause &&
      !s.groupClause &&
      !s.havingClause &&
      !s.windowClause &&
      !s.withClause &&
      !s.lockingClause &&
      !s.intoClause &&
      !s.valuesLists,
    relations: from.length && from.every((f) => as(f, 'RangeVar')) ? from : null,
    ordered: Array.isArray(s.sortClause) && s.sortClause.length > 0,
    limited: s.limitCount !== undefined || s.limitOffset !== undefined,
    limit: s.limitCount === undefined ? null : intConstant(s.limitCount),
    offset: offset === null ? undefined : offset,
    withTies: s.limitOption === 'LIMIT_OPTION_WITH_TIES',
  });
}

/** LIMIT ALL / NULL → null; an integer constant → its value; anything else → undefined. */
function intConstant(node: unknown): number | null | undefined {
  const c = as<{ isnull?: boolean; ival?: { ival?: number } }>(node, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.ival) return c.ival.ival ?? 0;
  return undefined;
}

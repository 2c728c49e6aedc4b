import type { SelectStmt } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import { as, names } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import { asRangeVar, refName, type RangeVarFields } from './range-vars';
import { nodeText } from './source-text';

/** A view over a foreign table, as the host's catalog defines it (pg_get_viewdef) and the engine reads it. */
export interface ViewDefinition {
  readonly schema: string;
  readonly name: string;
  /** The view's SELECT, without its `;`. */
  readonly text: string;
  readonly tokens: readonly ScanToken[];
  readonly select: SelectStmt;
  readonly columns: readonly ViewColumn[];
  /** The one relation a simple view reads (`FROM dynamodb.orders`), else null. */
  readonly base: RangeVarFields | null;
  readonly checkOption: 'local' | 'cascaded' | null;
  /**
   * May a conjunct over the view's columns also go into its WHERE (Postgres's subquery pushdown rule)?
   * Not with LIMIT/OFFSET, DISTINCT, GROUP BY, HAVING, window functions, aggregates, set-returning
   * functions in the output or a set operation: each changes which rows a filter before it would keep;
   * nor into a security_barrier view.
   */
  readonly pushdownSafe: boolean;
}

/** A statement naming a view over a foreign table, as view pushdown and view writes read it. */
export interface StatementOverView {
  readonly ast: unknown;
  readonly text: string;
  readonly tokens: readonly ScanToken[];
  readonly view: ViewDefinition;
  /** The columns of the statement's other relations (null: unknown). */
  readonly columnsOf: (rv: RangeVarFields) => readonly string[] | null;
}

/** One output column of a view. */
export interface ViewColumn {
  readonly name: string;
  /** The output expression as the definition writes it: `customer_id`, `total * 2`. */
  readonly text: string;
  readonly node: unknown;
  /** The column of `base` it is when the output is a plain reference (`customer_id AS cid` → customer_id). */
  readonly plain: string | null;
}

/** What the catalog says of a view: `pg_get_viewdef`, its columns, `check_option` and Postgres's own flags. */
export interface ViewCatalogRow {
  readonly schema: string;
  readonly name: string;
  readonly definition: string;
  readonly columns: readonly string[];
  /** pg_class.reloptions, e.g. `['check_option=cascaded']`. */
  readonly options: readonly string[];
  /** The view's query has aggregates, window functions or set-returning functions (from its rewrite rule). */
  readonly aggregatesOrWindows: boolean;
}

/** Reads a view's definition: `SELECT customer_id AS cid, total FROM dynamodb.orders WHERE paid` → columns cid (customer_id), total; base orders. */
export function viewDefinition(row: ViewCatalogRow): ViewDefinition {
  const text = row.definition.trim().replace(/;$/, '');
  const select = as(parseOne(text), 'SelectStmt') ?? {};
  const tokens = scanTokens(text);
  const from = select.fromClause ?? [];
  const base = from.length === 1 ? (asRangeVar(from[0]) ?? null) : null;
  const targets = (select.targetList ?? []).map((t) => as(t, 'ResTarget')?.val);
  const columns = row.columns.map((name, i): ViewColumn => {
    const node = targets[i];
    const ref = as(node, 'ColumnRef');
    const f = ref ? names(ref.fields) : [];
    const plain =
      base && f.length && f[f.length - 1] !== '*' && (f.length === 1 || f[f.length - 2] === refName(base))
        ? f[f.length - 1]!
        : null;
    return { name, text: node ? nodeText(text, tokens, node) : '', node, plain };
  });
  const check = row.options.find((o) => o.startsWith('check_option='))?.slice('check_option='.length);
  const pushdownSafe =
    select.op === 'SETOP_NONE' &&
    // A security barrier keeps the view's own conditions first: nothing of the caller's goes inside it.
    !row.options.includes('security_barrier=true') &&
    !row.aggregatesOrWindows &&
    !select.limitCount &&
    !select.limitOffset &&
    !select.distinctClause?.length &&
    !select.groupClause?.length &&
    !select.havingClause &&
    !select.windowClause?.length &&
    !select.lockingClause?.length &&
    targets.length === row.columns.length;
  return Object.freeze({
    schema: row.schema,
    name: row.name,
    text,
    tokens,
    select,
    columns: Object.freeze(columns),
    base,
    checkOption: check === 'local' || check === 'cascaded' ? check : null,
    pushdownSafe,
  });
}

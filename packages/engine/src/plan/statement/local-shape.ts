import type { ColumnDef } from '../../catalog/foreign-table';
import type { BaseInput } from '../../fetch/read-request';
import type { ValueKind } from '../../load/exact-value';

/**
 * The work a SELECT over one foreign relation leaves after pushdown, when the engine does it while
 * the pages arrive, in memory bounded by the groups or N, and the host finishes it over that small
 * set (so Postgres still evaluates everything but the accumulation):
 *   `select kind, count(*), avg(value) from events group by kind`   → aggregate (per-group states)
 *   `select distinct kind from events`                              → distinct (one item per value)
 *   `select * from events order by ts desc limit 10`                → top-n (the best 10 items)
 */
export type LocalShape = AggregateShape | DistinctShape | TopNShape;

/** A column the engine reads exactly (load/exact-value.ts). */
export interface ExactColumn {
  readonly column: ColumnDef;
  readonly kind: ValueKind;
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'bool_and' | 'bool_or';

/** One aggregate call over a plain column (`count(*)`: column null). */
export interface AggregateCall {
  readonly fn: AggregateFunction;
  readonly distinct: boolean;
  readonly column: ColumnDef | null;
  /** The argument's kind (null for count(x) of a type not read exactly: only its NULLs count). */
  readonly kind: ValueKind | null;
}

export interface AggregateShape {
  readonly kind: 'aggregate';
  readonly groupBy: readonly ExactColumn[];
  readonly calls: readonly AggregateCall[];
  /**
   * The statement over the final states: `$1` is a JSON array with one object per group (members: the
   * group columns by name, `__ds_a<i>` / `__ds_n<i>` for call i's state), WHERE dropped (all pushed).
   */
  readonly finalSql: string;
  /** Columns coerced for every item, so a value the host path would refuse is refused here too. */
  readonly checked: readonly ColumnDef[];
}

/** The DynamoDB type whose comparisons are Postgres's for a column of an exact kind. */
export type FilterType = 'N' | 'S' | 'BOOL';

/** An attribute a read's later requests may filter on, and the type its comparisons are exact for. */
export interface FilterableAttribute {
  readonly attribute: string;
  readonly type: FilterType;
  /**
   * Every item read holds the attribute, of this type: a key attribute of the table, read by a Scan of
   * it. A condition then needs no clause for items of another type (DynamoDB evaluates it for each item).
   */
  readonly typed: boolean;
}

export interface DistinctShape {
  readonly kind: 'distinct';
  readonly columns: readonly ExactColumn[];
  readonly checked: readonly ColumnDef[];
  /**
   * A DISTINCT of one column: once values are kept, later requests ask DynamoDB to leave out the items
   * holding them (`NOT (kind IN (:click, :view))`, plan/statement/distinct-seen.ts), as a top-N's
   * threshold (TopNThreshold) leaves out what cannot enter. DynamoDB still reads and bills every item;
   * for a column of few values it sends back few after the first pages.
   */
  readonly seen: FilterableAttribute | null;
}

export interface SortKey extends ExactColumn {
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface TopNShape {
  readonly kind: 'top-n';
  readonly keys: readonly SortKey[];
  /** LIMIT + OFFSET: the items kept. */
  readonly keep: number;
  /** `FETCH FIRST n ROWS WITH TIES`: the items tied with the last kept are kept too. */
  readonly withTies: boolean;
  readonly checked: readonly ColumnDef[];
  /** Where later requests ask only for items that can still enter (TopNThreshold). */
  readonly threshold: TopNThreshold | null;
  /** Set when the Scan reads only keys, sort and checked columns, then the kept items by key (top-n-shape.ts). */
  readonly fetch?: TopNFetch;
}

/**
 * A top-N's threshold: once the engine keeps N items, an item can only enter if its first ORDER BY
 * key is at least as good as the worst kept one's. So each later request asks DynamoDB to send back
 * only those items (a dynamic filter, as in DuckDB's or Trino's top-N). DynamoDB still reads and bills
 * every item, but it sends and the engine parses a few hundred of a million.
 *
 * This only applies where DynamoDB compares the attribute's values as Postgres orders the column:
 *   - N for integer and unconstrained numeric columns (both exact);
 *   - S for text in a bytewise collation (UTF-8 byte order).
 * Items whose attribute is of another type still come back and are read as before: missing or NULL
 * (the NULLs the ORDER BY may rank first), or a value the coercion reads (a number in a text column)
 * or refuses (an S in an integer column raises the host path's error).
 *
 * As with a filter pushed from WHERE, items DynamoDB leaves out are never coerced. A value there that
 * fits no column raises no error, as postgres_fdw never converts the rows a remote ORDER BY … LIMIT
 * left out.
 *
 *   `select * from events order by amount desc limit 10`, amount numeric
 *   → { attribute: 'amount', type: 'N', typed: false, descending: true }
 *   then, keeping 10 items whose worst amount is 99.5:
 *     FilterExpression '#pf0 >= :pf0 OR NOT attribute_type(#pf0, :pf1)'
 *     with #pf0 = amount, :pf0 = { N: '99.5' }, :pf1 = { S: 'N' }
 *   and for the sort key ts (N), whose type every item holds (typed): '#pf0 >= :pf0'
 */
export interface TopNThreshold {
  /** The first ORDER BY key's attribute. */
  readonly attribute: string;
  /** The DynamoDB type whose comparison is Postgres's order of the column. */
  readonly type: 'N' | 'S';
  /** A key attribute of the table, read by a Scan: every item holds it, of this type. */
  readonly typed: boolean;
  readonly descending: boolean;
}

/**
 * The two reads of a top-N by keys: the Scan (the plan's scan) projects `attributes`; the kept items
 * are then read by key with the statement's own request fields, `full` — which is also the Scan read
 * again, as a plain top-N, when a kept item changed between the two reads.
 */
export interface TopNFetch {
  /** The attributes the narrow Scan reads (DynamoDB names): what a kept item must still hold when fetched. */
  readonly attributes: readonly string[];
  /** The scan's request fields as the statement needs them (its own projection, often every attribute). */
  readonly full: BaseInput;
}

/** How EXPLAIN names the shape: `Streaming Aggregate in the engine  (group by kind: count(*), avg(value))`. */
export function localShapeText(shape: LocalShape): string {
  switch (shape.kind) {
    case 'aggregate': {
      const calls = shape.calls
        .map((c) => `${c.fn}(${c.distinct ? 'distinct ' : ''}${c.column ? c.column.name : '*'})`)
        .join(', ');
      const groups = shape.groupBy.length
        ? `group by ${shape.groupBy.map((g) => g.column.name).join(', ')}: `
        : '';
      return `Streaming Aggregate in the engine  (${groups}${calls || 'no aggregate'})`;
    }
    case 'distinct': {
      const seen = shape.seen ? '; later requests leave out the values kept' : '';
      return `Streaming Distinct in the engine  (${shape.columns.map((c) => c.column.name).join(', ')}${seen})`;
    }
    case 'top-n': {
      const keys = shape.keys
        .map(
          (k) =>
            `${k.column.name}${k.descending ? ' desc' : ''}${k.nullsFirst !== k.descending ? (k.nullsFirst ? ' nulls first' : ' nulls last') : ''}`,
        )
        .join(', ');
      const threshold = shape.threshold
        ? `; later requests ask for ${shape.keys[0]!.column.name} ${shape.threshold.descending ? '>=' : '<='} the worst kept`
        : '';
      return `Streaming Top-N in the engine  (order by ${keys}; keeps ${shape.keep} items${shape.withTies ? ' and their ties' : ''}${threshold})`;
    }
  }
}

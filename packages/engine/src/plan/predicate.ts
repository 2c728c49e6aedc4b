import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * One top-level AND-ed conjunct of a WHERE clause, as the planner sees it: a comparison it may push
 * to DynamoDB, or SQL it leaves to the host.
 *   `30 < age`            → { kind: 'compare', column: 'age', op: '>', value: { N: '30' } }
 *   `d between 'a' and 'b'` → { kind: 'between', column: 'd', low: { S: 'a' }, high: { S: 'b' } }
 *   `name like 'A%'`      → { kind: 'prefix', column: 'name', prefix: 'A' }
 *   `id in ('a', 'b')`    → { kind: 'in', column: 'id', values: [{ S: 'a' }, { S: 'b' }] }
 *   `note is null`        → { kind: 'null', column: 'note', isNull: true }
 *   `lower(x) = 'a'`      → { kind: 'residual' }
 */
export type Predicate =
  | ({
      readonly kind: 'compare';
      readonly column: string;
      readonly op: ComparisonOp;
      readonly value: AttributeValue;
      readonly sql: string;
    } & Widened)
  | ({
      readonly kind: 'between';
      readonly column: string;
      readonly low: AttributeValue;
      readonly high: AttributeValue;
      readonly sql: string;
    } & Widened)
  | ({
      readonly kind: 'in';
      readonly column: string;
      readonly values: readonly AttributeValue[];
      readonly sql: string;
    } & Widened)
  | ({
      readonly kind: 'prefix';
      readonly column: string;
      readonly prefix: string;
      readonly sql: string;
    } & Widened)
  | { readonly kind: 'null'; readonly column: string; readonly isNull: boolean; readonly sql: string }
  | { readonly kind: 'residual'; readonly sql: string };

/**
 * A text column also reads N and BOOL attributes as their text (spec §2), which an S comparison in
 * DynamoDB never matches: such a filter is widened to keep every N/BOOL item, and checked locally.
 */
interface Widened {
  readonly anyType?: true;
}

/** A predicate on a column (anything but residual). */
export type ColumnPredicate = Exclude<Predicate, { kind: 'residual' }>;

/** `<` with its operands swapped is `>`: `30 < age` ≡ `age > 30`. */
export function commute(op: ComparisonOp): ComparisonOp {
  switch (op) {
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return op;
  }
}

export function isComparisonOp(op: string): op is ComparisonOp {
  return op === '=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

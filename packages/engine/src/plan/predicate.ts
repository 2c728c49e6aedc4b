import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * One top-level AND-ed conjunct of a WHERE clause, as the planner sees it: a comparison it may push
 * to DynamoDB, or SQL it leaves to the host.
 *   `30 < age`            → { kind: 'compare', column: 'age', op: '>', value: { N: '30' } }
 *   `d between 'a' and 'b'` → { kind: 'between', column: 'd', low: { S: 'a' }, high: { S: 'b' } }
 *   `name like 'A%'`      → { kind: 'residual' }
 */
export type Predicate =
  | { readonly kind: 'compare'; readonly column: string; readonly op: ComparisonOp; readonly value: AttributeValue; readonly sql: string }
  | { readonly kind: 'between'; readonly column: string; readonly low: AttributeValue; readonly high: AttributeValue; readonly sql: string }
  | { readonly kind: 'residual'; readonly sql: string };

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

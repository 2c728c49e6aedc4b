import type { AttributeValue, QueryCommandInput, ScanCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * A condition added at run time to a read's next requests, on top of its planned FilterExpression:
 * what the engine learnt from the pages so far (a top-N's threshold, run/top-n.ts). DynamoDB still
 * reads (and bills) every item; it sends back only those the condition keeps.
 */
export interface PageFilter {
  readonly expression: string;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
}

/** Asked before each request: the condition to add to it, or null for none (yet). */
export type PageFilterSource = () => PageFilter | null;

/**
 * A request with the page filter ANDed to its own FilterExpression, or the request itself when there
 * is none or its placeholders would collide with the request's (a planner's names never start `#pf`):
 *   { FilterExpression: '#n0 > :v0' } + { expression: '#pf0 >= :pf0' }
 *   → { FilterExpression: '#n0 > :v0 AND #pf0 >= :pf0', ... }
 */
export function withPageFilter<I extends ScanCommandInput | QueryCommandInput>(
  input: I,
  filter: PageFilter | null,
): I {
  if (!filter || input.Select === 'COUNT') return input;
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  if (
    Object.keys(filter.names).some((k) => k in names) ||
    Object.keys(filter.values).some((k) => k in values)
  )
    return input;
  return {
    ...input,
    FilterExpression: input.FilterExpression
      ? `${operand(input.FilterExpression)} AND ${operand(filter.expression)}`
      : filter.expression,
    ExpressionAttributeNames: { ...names, ...filter.names },
    ExpressionAttributeValues: { ...values, ...filter.values },
  };
}

/**
 * An expression as an operand of AND: in parentheses only when an OR at its top level would otherwise
 * bind looser, and never twice — DynamoDB refuses redundant parentheses (`((a OR b))`, ValidationException).
 * DynamoDB's expressions hold no string literals (values are placeholders), so parentheses and words
 * can be counted as they appear:
 *   'a = :x OR b = :y' → '(a = :x OR b = :y)';  '(a = :x OR b = :y)' and 'NOT (a IN (:x))' → themselves
 */
function operand(expression: string): string {
  const e = expression.trim();
  return hasTopLevelOr(e) && !wrapped(e) ? `(${e})` : e;
}

/** Whether an OR joins the expression's top level (outside every parenthesis). */
function hasTopLevelOr(e: string): boolean {
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^\sOR\s/i.test(e.slice(i, i + 4))) return true;
  }
  return false;
}

/** Whether the whole expression is one parenthesised group: `(a OR b)`, not `(a) OR (b)`. */
function wrapped(e: string): boolean {
  if (!e.startsWith('(')) return false;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')' && --depth === 0) return i === e.length - 1;
  }
  return false;
}

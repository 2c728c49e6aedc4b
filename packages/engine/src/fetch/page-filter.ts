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
 *   → { FilterExpression: '(#n0 > :v0) AND (#pf0 >= :pf0)', ... }
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
      ? `(${input.FilterExpression}) AND (${filter.expression})`
      : filter.expression,
    ExpressionAttributeNames: { ...names, ...filter.names },
    ExpressionAttributeValues: { ...values, ...filter.values },
  };
}

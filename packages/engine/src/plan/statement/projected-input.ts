import type { BaseInput } from '../../fetch/read-request';

/** Whether an expression uses the name placeholder `#n1` (not `#n10`). */
export function usesName(expression: string, placeholder: string): boolean {
  return new RegExp(`${placeholder}(?![A-Za-z0-9_])`).test(expression);
}

/**
 * The request fields with a ProjectionExpression of just these attributes, placeholders reused where
 * the key condition or filter names them; names nothing uses any more are dropped (DynamoDB refuses them).
 *   ({ FilterExpression: '#n0 > :v0', ExpressionAttributeNames: { '#n0': 'n', '#n1': 'id' } }, ['kind', 'n'])
 *   → ProjectionExpression '#p1, #n0', ExpressionAttributeNames { '#n0': 'n', '#p1': 'kind' }
 */
export function projected(input: BaseInput, attributes: readonly string[]): BaseInput {
  const names: Record<string, string> = {};
  const conditions = `${input.KeyConditionExpression ?? ''} ${input.FilterExpression ?? ''}`;
  for (const [k, v] of Object.entries(input.ExpressionAttributeNames ?? {}))
    if (usesName(conditions, k)) names[k] = v;
  const placeholder = (a: string) => {
    const found = Object.keys(names).find((k) => names[k] === a);
    if (found) return found;
    let i = Object.keys(names).length;
    while (`#p${i}` in names) i++;
    names[`#p${i}`] = a;
    return `#p${i}`;
  };
  const projection = attributes.map(placeholder).join(', ');
  return { ...input, ProjectionExpression: projection, ExpressionAttributeNames: names };
}

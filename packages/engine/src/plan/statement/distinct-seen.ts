import type { PageFilter } from '../../fetch/page-filter';
import type { ExactValue } from '../../load/exact-value';
import { comparandOf, filterableAttribute } from './filterable-attribute';
import type { ExactColumn, FilterableAttribute } from './local-shape';
import type { PlannedScan } from './statement-plan';

/** The most values seen a request leaves out (DynamoDB's IN takes up to 100 operands). */
export const MAX_SEEN = 50;

/**
 * Where a DISTINCT of one column asks later requests to leave out the values it has seen (local-shape.ts
 * DistinctShape.seen), or null: several columns, or a read that may not filter on the attribute
 * (filterable-attribute.ts).
 *   `select distinct kind from events` → { attribute: 'kind', type: 'S' }
 */
export function distinctSeen(columns: readonly ExactColumn[], scan: PlannedScan): FilterableAttribute | null {
  if (columns.length !== 1) return null;
  return filterableAttribute(columns[0]!.column, columns[0]!.kind, scan);
}

/**
 * The condition a request carries once the values `seen` (the first MAX_SEEN of them) are kept: the
 * items holding none of them. An item of another type (a number in a text column, NULL, missing) is
 * equal to none of them in DynamoDB and still comes back. Null before any value can be sent:
 *   kind, ['click', 'view'] → 'NOT (#pf0 IN (:pf0, :pf1))'
 */
export function seenFilter(seen: FilterableAttribute, values: readonly ExactValue[]): PageFilter | null {
  const comparands = values
    .slice(0, MAX_SEEN)
    .map((v) => comparandOf(seen.type, v))
    .filter((c) => c !== null);
  if (!comparands.length) return null;
  const names = comparands.map((_, i) => `:pf${i}`);
  return {
    expression: `NOT (#pf0 IN (${names.join(', ')}))`,
    names: { '#pf0': seen.attribute },
    values: Object.fromEntries(comparands.map((c, i) => [names[i]!, c])),
  };
}

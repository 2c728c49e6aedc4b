import type { PageFilter } from '../../fetch/page-filter';
import type { ExactValue } from '../../load/exact-value';
import { comparandOf, filterableAttribute } from './filterable-attribute';
import type { SortKey, TopNThreshold } from './local-shape';
import type { PlannedScan } from './statement-plan';

/**
 * The threshold filter a top-N's requests may carry (local-shape.ts TopNThreshold says what it is and
 * when it is exact), or null: a boolean key, or a read that may not filter on the attribute
 * (filterable-attribute.ts: a read by key, an index whose items are fetched back, a Query keyed by it).
 */
export function topNThreshold(key: SortKey, scan: PlannedScan): TopNThreshold | null {
  if (key.kind === 'boolean') return null;
  const filterable = filterableAttribute(key.column, key.kind, scan);
  if (!filterable || filterable.type === 'BOOL') return null;
  return Object.freeze({
    attribute: filterable.attribute,
    type: filterable.type,
    typed: filterable.typed,
    descending: key.descending,
  });
}

/**
 * The condition a request carries once `worst` is the first key of the worst item kept: the items at
 * least as good (ties too: later keys or WITH TIES decide), and every item of another type (there is
 * none for a key attribute of the table, `typed`). Null when the value cannot be sent as a comparand
 * (then the request goes without it).
 */
export function thresholdFilter(t: TopNThreshold, worst: ExactValue): PageFilter | null {
  const comparand = comparandOf(t.type, worst);
  if (comparand === null) return null;
  const compare = `#pf0 ${t.descending ? '>=' : '<='} :pf0`;
  // A key attribute of its type in every item: the comparison alone.
  if (t.typed) return { expression: compare, names: { '#pf0': t.attribute }, values: { ':pf0': comparand } };
  return {
    expression: `${compare} OR NOT attribute_type(#pf0, :pf1)`,
    names: { '#pf0': t.attribute },
    values: { ':pf0': comparand, ':pf1': { S: t.type } },
  };
}

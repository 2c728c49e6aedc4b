import { attributeOfName } from '../../catalog/column-attribute';
import type { PageFilter } from '../../fetch/page-filter';
import { scaledText, type ExactValue } from '../../load/exact-value';
import type { SortKey, TopNThreshold } from './local-shape';
import type { PlannedScan } from './statement-plan';

/**
 * The threshold filter a top-N's requests may carry (local-shape.ts TopNThreshold says what it is and
 * when it is exact), or null: a boolean key, a read by key, an index whose items are fetched back, a
 * Query sorted first by a key attribute of the table or index queried (DynamoDB refuses a filter on it).
 */
export function topNThreshold(key: SortKey, scan: PlannedScan): TopNThreshold | null {
  const type = key.kind === 'integer' || key.kind === 'numeric' ? 'N' : key.kind === 'text' ? 'S' : null;
  if (!type) return null;
  const { access, read } = scan;
  if (access.operation !== 'Scan' && access.operation !== 'Query') return null;
  // An index's items may not carry the attribute: each is fetched back whole anyway.
  if (access.fetchBack || read.select === 'COUNT' || read.maxItems !== null) return null;
  const attribute = attributeOfName(scan.occurrence.table.columns, key.column.name);
  // A Query's FilterExpression may not name a key attribute (ValidationException); a Scan's may.
  if (access.operation === 'Query') {
    const keys = [
      scan.info.partitionKey,
      scan.info.sortKey,
      access.index?.partitionKey,
      access.index?.sortKey,
    ];
    if (keys.some((k) => k?.name === attribute)) return null;
  }
  return Object.freeze({
    attribute,
    type,
    descending: key.descending,
  });
}

/** N: at most DynamoDB's 38 significant digits; S: a bounded, nonempty comparand. */
const MAX_DIGITS = 38;
const MAX_TEXT_BYTES = 1024;

/**
 * The condition a request carries once `worst` is the first key of the worst item kept: the items at
 * least as good (ties too: later keys or WITH TIES decide), and every item of another type. Null when
 * the value cannot be sent as a comparand (then the request goes without it).
 */
export function thresholdFilter(t: TopNThreshold, worst: ExactValue): PageFilter | null {
  const text = comparand(t.type, worst);
  if (text === null) return null;
  return {
    expression: `#pf0 ${t.descending ? '>=' : '<='} :pf0 OR NOT attribute_type(#pf0, :pf1)`,
    names: { '#pf0': t.attribute },
    values: { ':pf0': t.type === 'N' ? { N: text } : { S: text }, ':pf1': { S: t.type } },
  };
}

function comparand(type: 'N' | 'S', value: ExactValue): string | null {
  if (type === 'S') {
    if (typeof value !== 'string' || !value.length) return null;
    return Buffer.byteLength(value) <= MAX_TEXT_BYTES ? value : null;
  }
  const text =
    typeof value === 'bigint' || typeof value === 'number'
      ? String(value)
      : typeof value === 'object'
        ? scaledText(value)
        : null;
  if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) return null;
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= MAX_DIGITS ? text : null;
}

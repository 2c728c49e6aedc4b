import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { attributeOfName } from '../../catalog/column-attribute';
import type { ColumnDef } from '../../catalog/foreign-table';
import { scaledText, type ExactValue, type ValueKind } from '../../load/exact-value';
import { normalizeNumber } from '../../util/decimal';
import type { FilterableAttribute, FilterType } from './local-shape';
import type { PlannedScan } from './statement-plan';

const TYPES: Record<ValueKind, FilterType> = { integer: 'N', numeric: 'N', text: 'S', boolean: 'BOOL' };

/**
 * Where a read's later requests may add a condition on a column the engine learnt of from the pages
 * so far (a top-N's threshold, a DISTINCT's values seen), or null. That read must be a Scan, or a Query
 * not keyed by the attribute: DynamoDB refuses a Query's FilterExpression on a key attribute of the table
 * or index queried (ValidationException), but a Scan may filter on its keys. An index's items that are
 * fetched back whole may not carry the attribute. A count or a read stopped by a Limit has no later items
 * to leave out.
 *   events (device_id, ts), `select distinct kind from events` → { attribute: 'kind', type: 'S', typed: false }
 *   `select * from events order by ts desc limit 10` → { attribute: 'ts', type: 'N', typed: true }
 *   `... where device_id = 7 order by ts, kind limit 3` (a Query keyed by ts) → null
 */
export function filterableAttribute(
  column: ColumnDef,
  kind: ValueKind,
  scan: PlannedScan,
): FilterableAttribute | null {
  const { access, read } = scan;
  if (access.operation !== 'Scan' && access.operation !== 'Query') return null;
  if (access.fetchBack || read.select === 'COUNT' || read.maxItems !== null) return null;
  const attribute = attributeOfName(scan.occurrence.table.columns, column.name);
  if (access.operation === 'Query') {
    const keys = [
      scan.info.partitionKey,
      scan.info.sortKey,
      access.index?.partitionKey,
      access.index?.sortKey,
    ];
    if (keys.some((k) => k?.name === attribute)) return null;
  }
  const type = TYPES[kind];
  const { partitionKey, sortKey } = scan.info;
  const typed =
    access.operation === 'Scan' &&
    !access.index &&
    [partitionKey, sortKey].some((k) => k?.name === attribute && k.type === type);
  return Object.freeze({ attribute, type, typed });
}

/** S: a bounded, nonempty comparand (N: what DynamoDB can hold, util/decimal.ts's to say). */
const MAX_TEXT_BYTES = 1024;

/**
 * An exact value as a comparand of its filter type, or null when DynamoDB would refuse it as one
 * (more than 38 digits, an empty or overlong text) or it is of another kind:
 *   ('N', { unscaled: -5, scale: 2 }) → { N: '-0.05' };  ('S', 'Über') → { S: 'Über' };  ('S', '') → null
 */
export function comparandOf(type: FilterType, value: ExactValue): AttributeValue | null {
  if (type === 'BOOL') return typeof value === 'boolean' ? { BOOL: value } : null;
  if (type === 'S') {
    if (typeof value !== 'string' || !value.length) return null;
    return Buffer.byteLength(value) <= MAX_TEXT_BYTES ? { S: value } : null;
  }
  const text =
    typeof value === 'bigint' || typeof value === 'number'
      ? String(value)
      : typeof value === 'object'
        ? scaledText(value)
        : null;
  return text !== null && normalizeNumber(text) !== null ? { N: text } : null;
}

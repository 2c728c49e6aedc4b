import { attributeOfName } from '../../catalog/column-attribute';
import type { LocalShape } from './local-shape';
import { withProjection } from './plan-scan';
import type { PlannedScan } from './statement-plan';

/**
 * A streaming aggregate or DISTINCT reads only the attributes the statement names: every
 * ProjectionExpression names the table's keys besides (plan-scan.ts), but these evaluations need no
 * item's key — DynamoDB pages by LastEvaluatedKey whatever is projected, and an item lacking every
 * projected attribute still comes, as `{}`. Sending fewer attributes is DynamoDB's work and the
 * engine's parsing saved on every item (1M events on dynalite, 8 segments, hand-written SDK Scans:
 * projecting kind, value and duration_ms took 8.9–9.3 s, the same with the two keys besides 10.3–11.0 s,
 * Select COUNT 7.0–7.5 s). The keys are read where they are needed (run/load-scan.ts): to name the item
 * of a value that does not fit its column, and for a transaction block's own writes to overlay the
 * items (a statement over a table the block writes to is not streamed today: statement-shape.ts).
 *   `select kind, count(*) from events group by kind` → projection [kind], not [device_id, ts, kind]
 *   `select device_id, count(*) from events group by device_id` → [device_id] (ts is not named)
 * A top-N keeps items whose keys may be fetched (top-n-shape.ts): its projection stays as it is.
 */
export function evaluatedAttributesOnly(scan: PlannedScan, shape: LocalShape): PlannedScan {
  const { projection } = scan.plan;
  const referenced = scan.occurrence.referencedColumns;
  if (shape.kind === 'top-n' || !projection || !referenced || scan.access.index || scan.access.fetchBack)
    return scan;
  const columns = scan.occurrence.table.columns;
  const named = new Set([...referenced].map((c) => attributeOfName(columns, c)));
  const attributes = projection.filter((a) => named.has(a));
  // DynamoDB refuses an empty ProjectionExpression.
  if (!attributes.length || attributes.length === projection.length) return scan;
  return withProjection(scan, attributes);
}

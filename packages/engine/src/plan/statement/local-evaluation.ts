import type { Host } from '../../host/host';
import { aggregateShape } from './aggregate-shape';
import type { LocalShape } from './local-shape';
import type { PlannedScan } from './statement-plan';
import { distinctShape, topNShape } from './top-n-shape';

/**
 * The streaming shape of a SELECT over one foreign relation, decided at plan time: aggregate,
 * DISTINCT or top-N (see local-shape.ts), or null when the host evaluates the whole read.
 *   `select kind, count(*) from events group by kind`   → { kind: 'aggregate', ... }
 *   `select * from events order by ts desc limit 10`    → { kind: 'top-n', keep: 10, ... }
 */
export async function localEvaluation(
  host: Host,
  ast: unknown,
  scan: PlannedScan,
  rewrittenText: string,
  defaultCollationIsC: boolean,
): Promise<LocalShape | null> {
  return (
    distinctShape(ast, scan, defaultCollationIsC) ??
    (await aggregateShape(host, ast, scan, rewrittenText, defaultCollationIsC)) ??
    topNShape(ast, scan, defaultCollationIsC)
  );
}

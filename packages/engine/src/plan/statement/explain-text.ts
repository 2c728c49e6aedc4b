import type { Plan } from '../../types';

/**
 * A plan as Postgres-style EXPLAIN lines:
 *   Foreign Scan on dynamodb.orders o  (DynamoDB Query)
 *     Server: prod as profile reader → assume-role ReadOnly
 *     Key Condition: customer_id = 'c1'
 *     Estimated RCU: 0.5 (describe-table)
 * (`Estimated RCU: 1.5, between 0 and 146 as the run decides (...)` for a read a join restricts while running)
 * (and `Sampling for Estimates: 2 RCU read ...` when planning sampled the table). A top-N read by keys
 * adds `Then BatchGetItem of up to 10 kept keys ...` under its Scan; one that considered it and reads
 * whole items, `Reads keys then fetches: not chosen — key read 3 RCU, more than a quarter of the Scan's 8`.
 * A write comes first (`UpdateItem on dynamodb.orders ...`, then `Estimated WCU: 10` and under a limit
 * `Rate Limit: 2 WCU/s (session: dynascope.max_wcu_per_second), about 5 s at that rate`), then a join the engine does itself:
 * `Hash Join in the engine  (c.id = o.customer)`. VERBOSE adds each scan's first DynamoDB request.
 * The last line names the statement's shape (plan/statement/statement-plan.ts):
 *   Execution: count (DynamoDB counts the items; none is transferred)
 */
export function explainLines(
  plan: Plan,
  options: { readonly analyzed: boolean; readonly verbose: boolean },
): string[] {
  const lines: string[] = [];
  const w = plan.write;
  if (w) {
    lines.push(
      `${w.operation} on ${w.relation}  (DynamoDB ${w.table}${w.condition ? `, condition ${w.condition}` : ''})`,
    );
    lines.push(
      w.atomic
        ? '  Atomic: held for COMMIT (one TransactWriteItems, all or nothing)'
        : '  Not atomic: written as the statement runs (batched)',
    );
    // What the writes will consume (plan/write-estimate.ts); `unknown` when their items are known only as it runs.
    if (w.estimatedWcu !== undefined) lines.push(`  Estimated WCU: ${w.estimatedWcu ?? 'unknown'}`);
    if (w.rateLimit) lines.push(`  ${rateLimitLine(w.rateLimit.wcuPerSecond, 'WCU', w.rateLimit)}`);
    if (options.analyzed)
      lines.push(
        w.atomic
          ? `  Items held: ${w.itemsWritten} (written at COMMIT)`
          : `  Actual WCU: ${w.consumedWcu}, items written: ${w.itemsWritten}, requests: ${w.requests}`,
      );
  }
  if (plan.engineJoin) lines.push(`Hash Join in the engine  (${plan.engineJoin})`);
  if (plan.engineEvaluation) lines.push(plan.engineEvaluation);
  for (const s of plan.scans) {
    lines.push(
      `Foreign Scan on ${s.relation}${s.alias ? ` ${s.alias}` : ''}  (DynamoDB ${s.operation}${s.index ? ` using ${s.index}` : ''} on ${s.table})`,
    );
    lines.push(`  Server: ${s.server} as ${s.identity}`);
    if (s.keyConditionText) lines.push(`  Key Condition: ${s.keyConditionText}`);
    if (s.filterText) lines.push(`  DynamoDB Filter: ${s.filterText}`);
    const joins = new Set(s.joinConditions ?? []);
    const local = s.residual.filter((r) => !joins.has(r));
    if (local.length) lines.push(`  Local Filter: ${local.join(' AND ')}`);
    if (joins.size) lines.push(`  Join Condition: ${[...joins].join(' AND ')} (evaluated by the join)`);
    const input = s.request.input as { Select?: string; ScanIndexForward?: boolean };
    if (input.Select === 'COUNT') lines.push('  Select: COUNT (DynamoDB counts; no item is transferred)');
    else lines.push(`  Projection: ${s.projection ? s.projection.join(', ') : 'all attributes'}`);
    if (input.ScanIndexForward === false)
      lines.push('  Direction: descending sort key (ScanIndexForward: false)');
    if (s.limit !== null) lines.push(`  Limit: ${s.limit}`);
    if (s.consistentRead) lines.push('  Consistent Read: true');
    if (s.keyCount && s.keyCount > 1) {
      const shown = s.keys ?? [];
      const more = s.keyCount - shown.length;
      lines.push(`  Keys: ${s.keyCount} (${shown.join('; ')}${more > 0 ? `; … ${more} more` : ''})`);
    }
    if (s.partitionCount && s.partitionCount > 1)
      lines.push(`  Queries: ${s.partitionCount} (one per partition key value)`);
    if (s.segments && s.segments > 1) lines.push(`  Parallel Segments: ${s.segments}`);
    if (s.fetchBack)
      lines.push(
        '  Fetch Back: items read from the table by key (the index does not project every needed attribute)',
      );
    const range = s.estimatedRcuRange
      ? `, between ${s.estimatedRcuRange.min} and ${s.estimatedRcuRange.max} as the run decides`
      : '';
    // A note that names its basis itself (`sampled: ~600 items …`) is not prefixed with it again.
    const basis = s.estimateNote.startsWith(`${s.estimateBasis}:`) ? '' : `${s.estimateBasis}: `;
    lines.push(`  Estimated RCU: ${s.estimatedRcu ?? 'unknown'}${range} (${basis}${s.estimateNote})`);
    if (s.samplingRcu)
      lines.push(`  Sampling for Estimates: ${s.samplingRcu} RCU read (once per table, then cached)`);
    if (s.rateLimit) lines.push(`  ${rateLimitLine(s.rateLimit.rcuPerSecond, 'RCU', s.rateLimit)}`);
    for (const a of s.alternatives)
      lines.push(`  Rejected: ${a.operation}${a.index ? ` using ${a.index}` : ''} ~${a.estimatedRcu} RCU`);
    if (options.verbose)
      lines.push(`  DynamoDB Request: ${s.request.operation} ${JSON.stringify(s.request.input)}`);
    if (options.analyzed) {
      const ratio = s.returnedCount
        ? ` (${((s.scannedCount ?? 0) / s.returnedCount).toFixed(1)} scanned per returned)`
        : '';
      lines.push(
        `  Actual RCU: ${s.consumedRcu ?? 0}, items scanned: ${s.scannedCount ?? 0}, returned: ${s.returnedCount ?? 0}${ratio}, requests: ${s.pages}`,
      );
    }
    const f = s.keyFetch;
    if (f) {
      // A top-N by keys: the Scan above projects keys, sort and checked columns; then the kept items by key.
      lines.push(
        `  Then ${f.operation} of up to ${f.maxKeys} kept keys on ${s.table}  (Projection: ${f.projection ? f.projection.join(', ') : 'all attributes'}${s.consistentRead ? ', consistent' : ''})`,
      );
      lines.push(`    Estimated RCU: ${f.estimatedRcu ?? 'unknown'}`);
      if (options.analyzed)
        lines.push(
          `    Actual RCU: ${f.consumedRcu ?? 0}, items returned: ${f.returnedCount ?? 0}, requests: ${f.requests}${f.readScanAgain ? ' (a kept item changed before its key read: the Scan was read again whole, counted above)' : ''}`,
        );
    }
    // A top-N that could have read keys then fetched, and why it reads whole items instead.
    if (s.keyFetchDeclined)
      lines.push(`  Reads keys then fetches: not chosen — ${s.keyFetchDeclined.reason}`);
  }
  if (plan.shape) lines.push(`Execution: ${plan.shape} (${shapeText(plan)})`);
  return lines;
}

/** What the statement's shape means, as its Execution line says it. */
export function shapeText(plan: Plan): string {
  // A stream through the host stops early only when there is a LIMIT to meet.
  const stops = plan.shape === 'stream-through-host' && plan.limit !== undefined;
  return `${plan.shape ? SHAPE_TEXT[plan.shape] : ''}${stops ? '; reading stops when LIMIT is met' : ''}`;
}

/** What each statement shape means, as the last EXPLAIN line says it. */
const SHAPE_TEXT: Record<NonNullable<Plan['shape']>, string> = {
  count: 'DynamoDB counts the items; none is transferred',
  'rows-from-items': 'rows made from the items in the engine; no host work',
  'engine-hash-join': 'the engine joins the items; no host work',
  'streaming-evaluation': 'the engine evaluates while the pages arrive; the host finishes over the result',
  'stream-through-host': 'each page goes through the host',
  'materialise-in-host': 'every read loaded first; the host runs the statement once',
  write: 'the host evaluates the write on a copy of the rows; the engine writes the difference',
  'host-only': 'no foreign table: the host runs the statement alone; nothing is read from DynamoDB',
};

/** `Rate Limit: 20 RCU/s (session: dynascope.max_rcu_per_second), about 12.5 s at that rate`. */
function rateLimitLine(
  perSecond: number,
  unit: 'RCU' | 'WCU',
  limit: { readonly source: string; readonly estimatedSeconds: number | null },
): string {
  const setting = unit === 'RCU' ? 'max_rcu_per_second' : 'max_wcu_per_second';
  const from =
    limit.source === 'session'
      ? `session: dynascope.${setting}`
      : `${limit.source} options: ${setting} or ${unit === 'RCU' ? 'read' : 'write'}_percent`;
  const time = limit.estimatedSeconds === null ? '' : `, about ${limit.estimatedSeconds} s at that rate`;
  return `Rate Limit: ${perSecond} ${unit}/s (${from})${time}`;
}

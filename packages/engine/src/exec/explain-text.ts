import type { Plan } from '../types';

/**
 * A plan as Postgres-style EXPLAIN lines:
 *   Foreign Scan on dynamodb.orders o  (DynamoDB Query)
 *     Key Condition: customer_id = 'c1'
 *     Estimated RCU: 0.5 (describe-table)
 * A join the engine does itself comes first: `Hash Join in the engine  (c.id = o.customer)`.
 */
export function explainLines(plan: Plan, analyzed: boolean): string[] {
  const lines: string[] = [];
  if (plan.engineJoin) lines.push(`Hash Join in the engine  (${plan.engineJoin})`);
  for (const s of plan.scans) {
    lines.push(`Foreign Scan on ${s.relation}${s.alias ? ` ${s.alias}` : ''}  (DynamoDB ${s.operation}${s.index ? ` using ${s.index}` : ''} on ${s.table})`);
    if (s.keyConditionText) lines.push(`  Key Condition: ${s.keyConditionText}`);
    if (s.filterText) lines.push(`  DynamoDB Filter: ${s.filterText}`);
    if (s.residual.length) lines.push(`  Local Filter: ${s.residual.join(' AND ')}`);
    lines.push(`  Projection: ${s.projection ? s.projection.join(', ') : 'all attributes'}`);
    if (s.limit !== null) lines.push(`  Limit: ${s.limit}`);
    if (s.consistentRead) lines.push('  Consistent Read: true');
    if (s.keyCount && s.keyCount > 1) lines.push(`  Keys: ${s.keyCount}`);
    if (s.partitionCount && s.partitionCount > 1) lines.push(`  Queries: ${s.partitionCount} (one per partition key value)`);
    if (s.segments && s.segments > 1) lines.push(`  Parallel Segments: ${s.segments}`);
    if (s.fetchBack) lines.push('  Fetch Back: items read from the table by key (the index does not project every needed attribute)');
    lines.push(`  Estimated RCU: ${s.estimatedRcu ?? 'unknown'} (${s.estimateBasis}: ${s.estimateNote})`);
    for (const a of s.alternatives) lines.push(`  Rejected: ${a.operation}${a.index ? ` using ${a.index}` : ''} ~${a.estimatedRcu} RCU`);
    if (analyzed) {
      const ratio = s.returnedCount ? ` (${((s.scannedCount ?? 0) / s.returnedCount).toFixed(1)} scanned per returned)` : '';
      lines.push(`  Actual RCU: ${s.consumedRcu ?? 0}, items scanned: ${s.scannedCount ?? 0}, returned: ${s.returnedCount ?? 0}${ratio}, requests: ${s.pages}`);
    }
  }
  return lines;
}

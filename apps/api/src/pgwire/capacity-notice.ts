import type { Plan } from '@dynascope/engine';

const round = (n: number) => Math.round(n * 100) / 100;
const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;

/**
 * The NOTICE after a statement that read or wrote DynamoDB: each access path and the capacity it
 * consumed, null when the statement touched no foreign table.
 *   `select * from events where device_id = 'd1'`
 *   → `DynamoDB: Query events [device_id = 'd1']: 3 items scanned, 3 returned; consumed 0.5 RCU`
 * The first statement over a table DescribeTable gives no size for also read a sample to plan with:
 *   → `DynamoDB: GetItem users [user_id = 'u1']: 1 item scanned, 1 returned, 6 RCU sampled for estimates; consumed 6.5 RCU`
 */
export function capacityNotice(plan: Plan | null, consumedRcu: number): string | null {
  if (!plan || (!plan.scans.length && !plan.write)) return null;
  const parts = plan.scans.map((s) => {
    const on = `${s.operation} ${s.table}${s.index ? ` (index ${s.index})` : ''}`;
    const condition = s.keyConditionText ?? (s.keyCount !== null ? `${s.keyCount} keys` : null);
    const counts =
      s.scannedCount === null ? '' : `: ${items(s.scannedCount)} scanned, ${s.returnedCount ?? 0} returned`;
    // Planning read a sample of the table (DescribeTable had no size): part of what the statement consumed.
    const sampled = s.samplingRcu
      ? `${counts ? ',' : ':'} ${round(s.samplingRcu)} RCU sampled for estimates`
      : '';
    return `${on}${condition ? ` [${condition}]` : ''}${counts}${sampled}`;
  });
  const w = plan.write;
  if (w)
    parts.push(
      `${w.operation} ${w.table}: ${items(w.itemsWritten)} written in ${w.requests} request${w.requests === 1 ? '' : 's'}`,
    );
  const totals = [`${round(consumedRcu)} RCU`, ...(w ? [`${round(w.consumedWcu)} WCU`] : [])];
  return `DynamoDB: ${parts.join('; ')}; consumed ${totals.join(', ')}`;
}

import type { SavedQueryCheckReport } from '@dynascope/contract';

/**
 * The report `npm run check-queries` prints: one line per saved query, its problems under it.
 *   REGRESSED  orders of a customer   Scan public.orders   ~146 RCU
 *              - orders: expected Query on index by_customer, planned Scan (...)
 *   ok         all users               Query public.users   ~0.5 RCU
 *   2 saved queries checked, 1 regressed (EXPLAIN sampled 0 RCU)
 */
export function checkReportText(report: SavedQueryCheckReport): string {
  const width = Math.max(0, ...report.results.map((r) => r.name.length));
  const lines = report.results.flatMap((r) => {
    const paths = r.paths
      .map((p) => `${p.operation}${p.index ? ` (${p.index})` : ''} ${p.relation}`)
      .join(', ');
    const rcu = r.estimatedRcu === null ? '' : `  ~${Math.round(r.estimatedRcu * 100) / 100} RCU`;
    return [
      `${(r.ok ? 'ok' : 'REGRESSED').padEnd(10)} ${r.name.padEnd(width)}  ${paths || 'no DynamoDB read'}${rcu}`,
      ...r.problems.map((p) => `${' '.repeat(11)}- ${p}`),
    ];
  });
  const n = report.checked;
  lines.push(
    `${n} saved ${n === 1 ? 'query' : 'queries'} checked, ${report.regressions} regressed (EXPLAIN sampled ${report.samplingRcu} RCU)`,
  );
  return lines.join('\n') + '\n';
}

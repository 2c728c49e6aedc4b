import type { Engine, Progress } from '@dynascope/engine';

/** Windows the accuracy is judged over: the "any 2-second window". */
const WINDOW_MS = 2000;

/**
 * The throughput governor's accuracy: a full Scan of `relation` in a session limited to about an
 * eighth of its estimated RCU a second (so it takes ~8 s), the consumption each page reports
 * (progress, timestamped as it arrives) set against the limit — the busiest 2-second window and
 * the average — and the time taken against the plan's estimate at that rate. One table row.
 */
export async function benchGovernor(engine: Engine, backend: string, relation: string): Promise<string> {
  const sql = `select count(*) from ${relation} where note is not null`;
  const session = 'bench-governor';
  const planned = await engine.explain(sql, { session });
  const estimated = planned.statements[0]?.plan?.scans[0]?.estimatedRcu ?? 400;
  const limit = Math.max(10, Math.round(estimated / 8));
  const set = await engine.execute(`set dynascope.max_rcu_per_second = ${limit}`, { session });
  if (set.error) throw new Error(set.error.message);
  const seen: { at: number; rcu: number }[] = [];
  let last = 0;
  const startedAt = Date.now();
  const r = await engine.execute(sql, {
    session,
    onProgress: (p: Progress) => {
      seen.push({ at: Date.now(), rcu: p.consumedRcu - last });
      last = p.consumedRcu;
    },
  });
  const took = (Date.now() - startedAt) / 1000;
  if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
  const expected = r.statements[0]?.plan?.scans[0]?.rateLimit?.estimatedSeconds ?? null;
  let busiest = 0;
  for (const a of seen) {
    const sum = seen.filter((b) => b.at >= a.at && b.at < a.at + WINDOW_MS).reduce((n, b) => n + b.rcu, 0);
    busiest = Math.max(busiest, sum / (WINDOW_MS / 1000));
  }
  const average = last / took;
  await engine.execute('reset dynascope.max_rcu_per_second', { session });
  return `| ${backend} | governor: full scan at ${limit} RCU/s (${last} RCU) | busiest 2 s ${(busiest / limit).toFixed(2)}x, average ${(average / limit).toFixed(2)}x of the limit | ${took.toFixed(1)} s (plan: ${expected ?? '?'} s) | — |`;
}

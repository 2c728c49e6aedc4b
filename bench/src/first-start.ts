import { rmSync } from 'node:fs';
import { demoFill, freshDataDir, startApiServer } from './api-server';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Issue 18's start-up measures on the compiled server with the embedded demo: a first start on a
 * fresh data directory (`events` demo events filled in the background) — time from spawning the
 * process to /api/health and to the first query's answer, and how many events were there — and warm
 * restarts on a filled data directory (time to /api/health; target ≤ 2 s). Rows for the measures table.
 */
export async function benchFirstStart(events: number, restarts: number): Promise<string[]> {
  const first = freshDataDir();
  const t0 = process.hrtime.bigint();
  const server = await startApiServer(first, { DYNASCOPE_DEMO_EVENTS: String(events) });
  let answerMs: number;
  let written: number;
  try {
    await server.sql('select count(*) from users');
    answerMs = Number(process.hrtime.bigint() - t0) / 1e6;
    written = (await demoFill(server.base))?.written ?? events;
  } finally {
    await server.stop();
    rmSync(first, { recursive: true, force: true });
  }

  const warm = freshDataDir();
  try {
    const filling = await startApiServer(warm, { DYNASCOPE_DEMO_EVENTS: '2000' });
    while ((await demoFill(filling.base))?.state === 'loading') await new Promise((r) => setTimeout(r, 200));
    await filling.stop();
    const times: number[] = [];
    for (let i = 0; i < restarts; i++) {
      const again = await startApiServer(warm);
      times.push(again.healthyMs);
      await again.stop();
    }
    return [
      `| dynalite (embedded demo) | first start, ${events} demo events: /api/health, first answer (target ≤ 15 s) | ${(server.healthyMs / 1000).toFixed(1)} s, ${(answerMs / 1000).toFixed(1)} s (${written} events loaded by then) | | |`,
      `| dynalite (embedded demo) | warm restart on a filled data dir to /api/health (target ≤ 2 s), median of ${restarts} | ${(median(times) / 1000).toFixed(2)} s (${times.map((t) => (t / 1000).toFixed(2)).join(', ')}) | | |`,
    ];
  } finally {
    rmSync(warm, { recursive: true, force: true });
  }
}

/** Bytes as whole MiB: `mib(3 * 2 ** 20)` → `'3'`. */
export const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with NODE_OPTIONS=--expose-gc (npm run bench:copy and bench:write do)');

/**
 * `work` to its end, with the process's RSS before it (`rss0`) and its peak during it (`rss`, sampled
 * every 10 ms), and its peak live heap (after a forced GC every 250 ms, so garbage not yet collected
 * does not count as held) over the heap before (`heap`, of `heap0`).
 */
export async function peak<T>(work: () => Promise<T>) {
  gc!();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage.rss();
  let rss = rss0;
  let heap = heap0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 10);
  const live = setInterval(() => {
    gc!();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }, 250);
  const t0 = performance.now();
  try {
    const out = await work();
    return { out, ms: performance.now() - t0, rss, rss0, heap: heap - heap0, heap0 };
  } finally {
    clearInterval(sampler);
    clearInterval(live);
  }
}

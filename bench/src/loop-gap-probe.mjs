// Preloaded into the API server by the session-latency bench (node --import): the engine's share of
// a request's wait, apart from the emulator's. A 1 ms timer notes every gap of more than 2 ms between
// two of its turns to DYNASCOPE_BENCH_LOOP_GAPS, one line each: `<end, epoch ms> <gap ms> <cpu ms>`,
// the CPU time the process used within the gap (a gap with little CPU is the machine's scheduler,
// not a long stretch of JavaScript). A script of the bench only, never the server's.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';

const file = process.env.DYNASCOPE_BENCH_LOOP_GAPS;
if (file) {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const gap = now - last;
    if (gap > 2) {
      const used = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
      appendFileSync(file, `${Date.now()} ${gap.toFixed(2)} ${used.toFixed(2)}\n`);
    }
    last = performance.now();
    lastCpu = process.cpuUsage();
  }, 1).unref();
}

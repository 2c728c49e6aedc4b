// Preloaded into the API server by the session-latency bench (node --import): the engine's share of
// a request's wait, apart from the emulator's. A 1 ms timer notes every gap of more than 2 ms between
// two of its turns to DYNASCOPE_BENCH_LOOP_GAPS, one line each:
// `<end, epoch ms> <gap ms> <cpu ms> <on-cpu ms> <waiting ms>`: the CPU time the process used within
// the gap (every thread: GC helpers, PGlite's worker), and the main thread's own time on a CPU and
// waiting for one (Linux's /proc/thread-self/schedstat; left out where it cannot be read). A gap the
// main thread spent waiting is the loaded machine's scheduler; one it spent on a CPU is a stretch of
// JavaScript or of garbage collection work no GC event reports (V8's incremental marking steps).
// A script of the bench only, never the server's.
// Garbage collections are noted too, one line each: `gc <end, epoch ms> <pause ms> <kind>`. With
// DYNASCOPE_BENCH_CPU_PROFILE (a file) the main thread's CPU profile is written there at exit (node
// refuses --cpu-prof in NODE_OPTIONS).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { isMainThread } from 'node:worker_threads';

const file = process.env.DYNASCOPE_BENCH_LOOP_GAPS;
const GC_KINDS = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
// The main thread's only: NODE_OPTIONS' --import runs in worker threads too, and PGlite's worker
// blocks its own loop for every host call (a 2.5 s join is a 2.5 s gap there, none here).
if (file && isMainThread) {
  /** The main thread's time on a CPU and waiting for one, ns (null where schedstat cannot be read). */
  const schedstat = () => {
    try {
      const [onCpu, waiting] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
      return { onCpu, waiting };
    } catch {
      return null;
    }
  };
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let lastSched = schedstat();
  setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const sched = schedstat();
    const gap = now - last;
    if (gap > 2) {
      const used = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
      const main =
        sched && lastSched
          ? ` ${((sched.onCpu - lastSched.onCpu) / 1e6).toFixed(2)} ${((sched.waiting - lastSched.waiting) / 1e6).toFixed(2)}`
          : '';
      appendFileSync(file, `${Date.now()} ${gap.toFixed(2)} ${used.toFixed(2)}${main}\n`);
    }
    last = performance.now();
    lastCpu = process.cpuUsage();
    lastSched = schedstat();
  }, 1).unref();
  new PerformanceObserver((list) => {
    for (const gc of list.getEntries()) {
      const kind = GC_KINDS[gc.detail?.kind] ?? 'other';
      const end = Math.round(performance.timeOrigin + gc.startTime + gc.duration);
      appendFileSync(file, `gc ${end} ${gc.duration.toFixed(2)} ${kind}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
}

const profileFile = process.env.DYNASCOPE_BENCH_CPU_PROFILE;
if (profileFile && isMainThread) {
  const inspector = new Session();
  inspector.connect();
  inspector.post('Profiler.enable');
  inspector.post('Profiler.start');
  // A session on its own thread answers synchronously: the profile is written before the process ends.
  process.on('exit', () =>
    inspector.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(profileFile, JSON.stringify(result.profile));
    }),
  );
}

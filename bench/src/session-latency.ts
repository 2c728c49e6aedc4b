import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Backend } from './backends';
import { freshDataDir, startApiServer } from './api-server';
import { EVENTS_DDL, EVENT_SHAPES, event } from './events';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const at = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** A pause between two probes: a person's lookups, not a load test. */
const PAUSE_MS = 10;
/** Runs of A's GROUP BY alone in each mode, and newcomers' first lookups beside it in each mode. */
const ALONE_RUNS = Number(process.env.SESSION_ALONE_RUNS ?? 2);
const FIRST_RUNS = Number(process.env.SESSION_FIRST_RUNS ?? 4);
const average = (xs: number[]) => xs.reduce((n, x) => n + x, 0) / xs.length;

interface Probes {
  readonly lookup: number[];
  /** When each lookup was sent and answered (epoch ms). */
  readonly at: Window[];
  readonly one: number[];
  readonly sdk: number[];
  /** What each lookup read: 0.5 RCU for its GetItem, more when it planned anew with a sample read (statistics expired). */
  readonly rcu: number[];
  /** Beside A's statement: the how-manieth lookup of A's run each was, and how many ms after A's statement was sent. */
  readonly inRun: (readonly [number, number])[];
}
const probes = (): Probes => ({ lookup: [], at: [], one: [], sdk: [], rcu: [], inRun: [] });

/** Median, p99 and max of latencies, in ms. */
function spread(latencies: number[]): { median: number; p99: number; max: number; text: string } {
  const s = [...latencies].sort((a, b) => a - b);
  const r = { median: at(s, 0.5), p99: at(s, 0.99), max: s.at(-1)! };
  return {
    ...r,
    text: `median ${r.median.toFixed(1)} / p99 ${r.p99.toFixed(1)} / max ${r.max.toFixed(1)} ms`,
  };
}

const PROBE = fileURLToPath(new URL('./loop-gap-probe.mjs', import.meta.url));

/** A time window, epoch ms. */
type Window = [number, number];

/**
 * The server's longest event-loop gap ending within the windows (loop-gap-probe.mjs's lines), the
 * longest CPU-bound one (each gap counted for no more than the main thread's time on a CPU within it,
 * or where the probe could not read that, the CPU time the whole process used), and its longest
 * garbage collection pause.
 */
function loopGaps(file: string, windows: readonly Window[]): { text: string } {
  let wall = 0;
  let cpu = 0;
  let gc = 0;
  let gcKind = '';
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No gap over 2 ms at all.
  }
  const within = (end: number) => windows.some(([from, to]) => end >= from && end <= to);
  for (const line of text.split('\n')) {
    if (line.startsWith('gc ')) {
      const [end, pause] = line.slice(3).split(' ', 2).map(Number);
      if (end && within(end) && pause! > gc) {
        gc = pause!;
        gcKind = line.split(' ').slice(3).join(' ');
      }
      continue;
    }
    const [end, gap, used, onCpu] = line.split(' ').map(Number);
    if (!end || !within(end)) continue;
    wall = Math.max(wall, gap!);
    cpu = Math.max(cpu, Math.min(gap!, onCpu ?? used!));
  }
  return {
    text: `max ${wall.toFixed(1)} ms (CPU-bound ${cpu.toFixed(1)} ms; longest GC pause ${gc.toFixed(1)} ms${gcKind && `, ${gcKind}`})`,
  };
}

/** A stretch a gaps file (loop-gap-probe.mjs) notes: an event-loop gap or a GC pause, epoch ms. */
interface Span {
  readonly gc: boolean;
  readonly from: number;
  readonly to: number;
  /** A loop gap's main thread: ms on a CPU and waiting for one within it (when the probe read them). */
  readonly onCpu?: number;
  readonly waiting?: number;
}

/** The spans a loop-gap-probe.mjs file noted (none when it has none: no gap over 2 ms at all). */
function spansOf(file: string | undefined): Span[] {
  let text = '';
  try {
    if (file) text = readFileSync(file, 'utf8');
  } catch {
    // No gap over 2 ms at all.
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const gc = line.startsWith('gc ');
      const [end, length, , onCpu, waiting] = (gc ? line.slice(3) : line).split(' ').map(Number);
      return {
        gc,
        from: end! - length!,
        to: end!,
        ...(!gc && onCpu !== undefined && { onCpu, waiting: waiting! }),
      };
    });
}

/**
 * How much of a window a process's loop gaps and GC pauses cover, and within the gaps (where the probe
 * read them) the main thread's time on a CPU (JavaScript, or GC work no GC event reports) and waiting
 * for one (the machine's scheduler), each gap's share by its overlap: `150.2 (on CPU 40.1, waiting 100.3; GC 113.4)`.
 */
function stalls(spans: readonly Span[], [from, to]: Window): string {
  const overlap = (s: Span) => Math.max(0, Math.min(s.to, to) - Math.max(s.from, from));
  const sum = (gc: boolean) => spans.filter((s) => s.gc === gc).reduce((n, s) => n + overlap(s), 0);
  const gaps = spans.filter((s) => !s.gc && s.onCpu !== undefined && overlap(s) > 0);
  const share = (f: (s: Span) => number) =>
    gaps.reduce((n, s) => n + (f(s) * overlap(s)) / Math.max(1e-9, s.to - s.from), 0);
  const main = gaps.length
    ? `on CPU ${share((s) => s.onCpu!).toFixed(1)}, waiting ${share((s) => s.waiting!).toFixed(1)}; `
    : '';
  return `${sum(false).toFixed(1)} (${main}GC ${sum(true).toFixed(1)})`;
}

/**
 * Where the worst lookups' milliseconds went: for each of the 3 slowest, when it came in A's run (the
 * how-manieth lookup, how long after A's statement was sent), what it read (0.5 RCU: its GetItem alone; more: it planned anew
 * and sampled the table's statistics), the server's event-loop gaps and GC
 * pauses within it (the engine's thread busy or stopped), the emulator's (dynalite's thread, when its
 * probe ran) and the GetItem sent by hand right after it (the emulator's queue then); the rest is the
 * emulator's queue and the HTTP round trip.
 *   `223.8 ms (#1, 51 ms into A's run), 0.5 RCU: loop gaps 150.2 (GC 113.4), the emulator's 20.1 (GC 18.0), GetItem next 5.1`
 */
function worstLookups(file: string, emulatorFile: string | undefined, into: Probes): string {
  const server = spansOf(file);
  const emulator = emulatorFile ? spansOf(emulatorFile) : null;
  return into.lookup
    .map((ms, i) => ({ ms, i }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map(({ ms, i }) => {
      const window = into.at[i]!;
      const place = into.inRun[i] ? ` (#${into.inRun[i]![0]}, ${into.inRun[i]![1]} ms into A's run)` : '';
      const theirs = emulator ? `, the emulator's ${stalls(emulator, window)}` : '';
      return `${ms.toFixed(1)} ms${place}, ${into.rcu[i]} RCU: loop gaps ${stalls(server, window)}${theirs}, GetItem next ${into.sdk[i]!.toFixed(1)}`;
    })
    .join('; ');
}

/** Whether session A's long statement gives way to B's requests (`dynascope.fair_share`, engine util/fair-share.ts). */
type Mode = 'on' | 'off' | 'auto';

/** Longer than the engine's RECENT_MS (util/fair-share.ts): a session idle this long no longer counts as at work. */
const QUIET_MS = 10_500;
/** How far into A's run (alone so far) a newcomer's first lookup is sent: A's reads in full swing. */
const FIRST_AFTER_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rows of device 7 the host-heavy join reads (its first 200 events at any table size ≥ 200k). */
const HOST_JOIN_ROWS = 200;
/** The series each of them is joined with: the host computes 200 × 60,000 = 12M pairs in one call. */
const HOST_JOIN_SERIES = 60_000;

/**
 * Issue 13 part 3 / issue 18 "Concurrency": a point lookup in session B while session A aggregates
 * every item of the events table, through the HTTP API (compiled server, own process, demo off),
 * beside the same lookups with A idle, in one run. A's GROUP BY runs again whenever it ends until B
 * has made `runs` lookups beside it in each mode, the runs alternating between A giving way to B
 * (`dynascope.fair_share` on, the default: smaller Scan pages, one request at a time, shorter slices
 * while another session is at work) and not (off). Target: B's worst lookup within 150 ms. Each probe
 * also times B's `select 1` (the engine's own wait: no DynamoDB) and the same GetItem sent by hand from
 * this process (the emulator's wait: an emulator serves A's Scan pages and B's GetItem on the same
 * threads); and the server's longest event-loop gap and GC pause while A's statement runs, and while it
 * is idle (loop-gap-probe.mjs: the engine's share, a stretch of JavaScript no other session's request
 * can interrupt). Then the same lookups beside a host-heavy join in A (the host computes 12M pairs in
 * one call, holding PGlite's one connection): B's lookups need no host call; a `select 1` in a third
 * session, sent as each join starts, waits for it. Then A's GROUP BY alone (no other session at work
 * for RECENT_MS), `auto` against `off` alternating (SESSION_ALONE_RUNS each, default 2: what bounding
 * A's pages at an emulator here costs it), and a newcomer's first lookup — a new session, 1.5 s into
 * A's run after 10.5 s of quiet, when A does not know of it yet — in both modes (SESSION_FIRST_RUNS
 * each, default 4). Rows for the measures table.
 */
export async function benchSessionLatency(
  backend: Backend,
  client: DynamoDBClient,
  eventsTable: string,
  events: number,
  runs: number,
): Promise<string[]> {
  const dataDir = freshDataDir();
  const gapsFile = join(dataDir, 'loop-gaps.txt');
  const server = await startApiServer(dataDir, {
    DYNASCOPE_DEMO: '0',
    DYNASCOPE_BENCH_LOOP_GAPS: gapsFile,
    // SESSION_CPU_PROFILE=<file>: the server's main-thread CPU profile over the whole line.
    ...(process.env.SESSION_CPU_PROFILE && { DYNASCOPE_BENCH_CPU_PROFILE: process.env.SESSION_CPU_PROFILE }),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROBE}`,
  });
  try {
    await server.sql(`
      create foreign data wrapper dynamodb_wrapper;
      create server bench foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'bench', aws_secret_access_key 'bench', endpoint_url '${backend.endpoint}');
      create schema bench;
      ${EVENTS_DDL(eventsTable)}`);
    const key = event(Math.floor(events / 2));
    const lookupSql = `select * from bench.events where device_id = ${key.device_id!.N} and ts = ${key.ts!.N}`;
    const getItem = new GetItemCommand({
      TableName: eventsTable,
      Key: { device_id: key.device_id!, ts: key.ts! },
    });
    const aggregate = EVENT_SHAPES[0]!.sql;
    const hostJoin = `select count(*) from bench.events e, generate_series(1, ${HOST_JOIN_SERIES}) g
      where e.device_id = 7 and e.ts < ${1_700_000_000_000 + HOST_JOIN_ROWS * 1000 * 1000} and (e.duration_ms + g) % 3 = 0`;
    const timed = async (run: () => Promise<unknown>) => {
      const t0 = process.hrtime.bigint();
      await run();
      return ms(t0);
    };
    /** One probe: B's lookup (and `select 1`, unless A holds the host) through the API, then the hand-written GetItem. */
    const probe = async (into: Probes, one = true, session = 'bench-b') => {
      const sent = Date.now();
      into.lookup.push(
        await timed(async () => {
          const r = (await server.sql(lookupSql, session)) as {
            statements: { rows: unknown[]; consumedRcu: number }[];
          };
          if (r.statements[0]!.rows.length !== 1)
            throw new Error(`the lookup found ${r.statements[0]!.rows.length} rows`);
          into.rcu.push(r.statements[0]!.consumedRcu);
        }),
      );
      into.at.push([sent, Date.now()]);
      if (one) into.one.push(await timed(() => server.sql('select 1', 'bench-b')));
      into.sdk.push(await timed(() => client.send(getItem)));
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    };
    // Warm both sessions (catalog, plan cache, statistics) before measuring.
    for (let i = 0; i < 20; i++) await probe(probes());
    await server.sql(aggregate, 'bench-a');
    await server.sql(hostJoin, 'bench-a');

    const idle = probes();
    const idleFrom = Date.now();
    for (let i = 0; i < runs; i++) await probe(idle);
    const idleWindow: Window = [idleFrom, Date.now()];

    /** A's statement run again and again while B probes, until B has `runs` probes in each of `modes`. */
    const beside = async (sql: string, modes: readonly Mode[], one: boolean, onStart?: () => void) => {
      const by = new Map(
        modes.map((m) => [m, { probes: probes(), seconds: [] as number[], windows: [] as Window[] }]),
      );
      let running: Promise<unknown> | null = null;
      let mode = modes[0]!;
      let from = 0;
      let nth = 0;
      for (let n = 0; [...by.values()].some((m) => m.probes.lookup.length < runs);) {
        if (!running) {
          mode = modes[n++ % modes.length]!;
          await server.sql(`set dynascope.fair_share = ${mode}`, 'bench-a');
          const t0 = process.hrtime.bigint();
          from = Date.now();
          nth = 0;
          const into = by.get(mode)!;
          const sent = from;
          running = server.sql(sql, 'bench-a').then(() => {
            into.seconds.push(ms(t0) / 1000);
            into.windows.push([sent, Date.now()]);
            running = null;
          });
          // Probes start once A's statement is under way in the server.
          await new Promise((resolve) => setTimeout(resolve, 50));
          onStart?.();
        }
        const into = by.get(mode)!.probes;
        await probe(into, one);
        into.inRun.push([++nth, into.at.at(-1)![0] - from]);
      }
      await running;
      return by;
    };
    const mean = (xs: number[]) => (xs.reduce((n, x) => n + x, 0) / xs.length).toFixed(1);

    const besideAggregate = await beside(aggregate, ['on', 'off'], true);
    const on = besideAggregate.get('on')!;
    const off = besideAggregate.get('off')!;
    const waits: number[] = [];
    const besideJoin = (
      await beside(hostJoin, ['on'], false, () => {
        void timed(() => server.sql('select 1', 'bench-c')).then((t) => waits.push(t));
      })
    ).get('on')!;
    // The last join's `select 1` answers after it.
    while (waits.length < besideJoin.seconds.length) await new Promise((r) => setTimeout(r, 50));

    const lookups = {
      on: spread(on.probes.lookup),
      off: spread(off.probes.lookup),
      idle: spread(idle.lookup),
    };
    const join = spread(besideJoin.probes.lookup);
    const items = `${events.toLocaleString('en-US')}-item`;
    const within = (max: number) => (max <= 150 ? 'within' : 'over');
    /** A alone, and a newcomer's first lookup beside it (a failure here costs only these rows). */
    const newcomers = async (): Promise<string[]> => {
      // A alone (no other session at work for RECENT_MS): auto (on an emulator here: pages of ≤ 32 RCU, two
      // in flight) against off (whole pages, its segments at once), alternating — what bounding costs A.
      await sleep(QUIET_MS);
      const alone = new Map<Mode, number[]>([
        ['auto', []],
        ['off', []],
      ]);
      for (let i = 0; i < 2 * ALONE_RUNS; i++) {
        const mode: Mode = i % 2 ? 'off' : 'auto';
        await server.sql(`set dynascope.fair_share = ${mode}`, 'bench-a');
        alone.get(mode)!.push((await timed(() => server.sql(aggregate, 'bench-a'))) / 1000);
      }
      // A newcomer's first lookup, FIRST_AFTER_MS into A's run after every other session was quiet for
      // QUIET_MS (A reads as if alone: the worst case), each in a new session; auto and off alternating.
      const first = new Map<Mode, Probes>([
        ['auto', probes()],
        ['off', probes()],
      ]);
      let quietSince = Date.now();
      for (let i = 0; i < 2 * FIRST_RUNS; i++) {
        const mode: Mode = i % 2 ? 'off' : 'auto';
        await server.sql(`set dynascope.fair_share = ${mode}`, 'bench-a');
        await sleep(quietSince + QUIET_MS - Date.now());
        const from = Date.now();
        const running = server.sql(aggregate, 'bench-a');
        await sleep(FIRST_AFTER_MS);
        const into = first.get(mode)!;
        await probe(into, false, `bench-new-${i}`);
        into.inRun.push([1, into.at.at(-1)![0] - from]);
        quietSince = Date.now();
        await running;
      }
      const secs = (m: Mode) =>
        alone
          .get(m)!
          .map((t) => t.toFixed(2))
          .join(', ');
      const ratio = (average(alone.get('auto')!) / average(alone.get('off')!)).toFixed(2);
      return [
        `| ${backend.name} | a newcomer's first lookup (a new session, ${FIRST_AFTER_MS} ms into A's ${items} GROUP BY, no other session at work for ${QUIET_MS / 1000} s before: A reads as if alone; ${FIRST_RUNS} in each mode, alternating; target max ≤ 150 ms) | auto (on an emulator here A's pages ≤ 32 RCU, 2 in flight): ${spread(first.get('auto')!.lookup).text}; GetItem by hand right after ${spread(first.get('auto')!.sdk).text}; slowest ${worstLookups(gapsFile, backend.loopGaps, first.get('auto')!)} | off (whole pages, 4 segments at once — as auto read alone before): ${spread(first.get('off')!.lookup).text}; GetItem by hand right after ${spread(first.get('off')!.sdk).text}; slowest ${worstLookups(gapsFile, backend.loopGaps, first.get('off')!)} | max ${within(spread(first.get('auto')!.lookup).max)} 150 ms in auto (${within(spread(first.get('off')!.lookup).max)} off) |`,
        `| ${backend.name} | A's ${items} GROUP BY alone (no other session at work), ${ALONE_RUNS} runs each, alternating | auto: ${secs('auto')} s | off: ${secs('off')} s | auto costs A ${ratio}x (means) |`,
      ];
    };
    const newcomerRows = await newcomers().catch((e: unknown) => [
      `| ${backend.name} | a newcomer's first lookup and A alone | failed: ${String(e)} | | |`,
    ]);
    process.stderr.write(newcomerRows.join('\n') + '\n');
    const emulatorSpans = backend.loopGaps !== undefined;
    return [
      `| ${backend.name} | point lookup in session B beside a ${items} aggregate in session A (API, ${runs}+ lookups ${PAUSE_MS} ms apart in each mode; A's GROUP BY ran ${on.seconds.length}x giving way to B — \`dynascope.fair_share\` on, ${mean(on.seconds)} s each — and ${off.seconds.length}x not — off, ${mean(off.seconds)} s each — alternating; target max ≤ 150 ms) | A gives way: ${lookups.on.text} | A does not: ${lookups.off.text}; with A idle: ${lookups.idle.text} | max ${within(lookups.on.max)} 150 ms giving way (${within(lookups.off.max)} not) |`,
      `| ${backend.name} | the server's event loop while A's GROUP BY runs: its longest gap between two turns of a 1 ms timer (the engine's share of B's wait; CPU-bound: no more than the CPU time the process used within it, the rest is the loaded machine's scheduler) and its longest GC pause | A gives way: ${loopGaps(gapsFile, on.windows).text} | A does not: ${loopGaps(gapsFile, off.windows).text}; with A idle: ${loopGaps(gapsFile, [idleWindow]).text} | |`,
      `| ${backend.name} | B's 3 slowest lookups beside the ${items} aggregate: when in A's run it came (#n: the how-manieth lookup, ms after A's statement was sent), what it read (more than the GetItem's 0.5 RCU: it planned anew with a sample read), the server's event-loop gaps and GC pauses within each (the engine's thread), ${emulatorSpans ? "the emulator's (its one thread), " : ''}the GetItem sent by hand right after it (the emulator's queue then) | A gives way: ${worstLookups(gapsFile, backend.loopGaps, on.probes)} | A does not: ${worstLookups(gapsFile, backend.loopGaps, off.probes)} | |`,
      `| ${backend.name} | the same probes: \`select 1\` in session B beside the ${items} aggregate (the engine's own wait) and the lookup's GetItem sent by hand (the emulator's wait) | A gives way: select 1 ${spread(on.probes.one).text}; GetItem ${spread(on.probes.sdk).text} | A does not: select 1 ${spread(off.probes.one).text}; GetItem ${spread(off.probes.sdk).text}; with A idle: select 1 ${spread(idle.one).text}, GetItem ${spread(idle.sdk).text} | |`,
      ...newcomerRows,
      `| ${backend.name} | point lookup in session B beside a host-heavy join in session A (the host computes ${HOST_JOIN_ROWS} rows × generate_series(1, ${HOST_JOIN_SERIES}) in one call, holding the embedded Postgres's one connection; ran ${besideJoin.seconds.length}x, ${mean(besideJoin.seconds)} s each; target max ≤ 150 ms) | ${join.text}; GetItem by hand ${spread(besideJoin.probes.sdk).text} | a \`select 1\` in session C sent as each join starts (it needs the host: waits for the join): ${spread(waits).text}; event loop ${loopGaps(gapsFile, besideJoin.windows).text} | max ${within(join.max)} 150 ms |`,
    ];
  } finally {
    await server.stop();
  }
}

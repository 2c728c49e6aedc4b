import type { RawItems } from '../fetch/chunked-items';
import { returnedItems } from '../fetch/read-pages';
import type { Plan, ScanPlan } from '../types';
import { unknownShape, type PlannedScan, type StatementPlan } from '../plan/statement/statement-plan';
import { localShapeText } from '../plan/statement/local-shape';
import type { ScanFigures } from '../plan/statement/explain-tree';

/** When a read started, and when its first and last responses came (performance.now(); null: none yet). */
interface Times {
  readonly startedAt: number;
  firstAt: number | null;
  lastAt: number | null;
}

/** What one scan read while its statement ran. */
export interface ScanStats {
  consumedRcu: number;
  scannedCount: number;
  returnedCount: number;
  /** Requests sent. */
  pages: number;
}

const COUNTERS = ['consumedRcu', 'scannedCount', 'returnedCount', 'pages'] as const;

/** What a top-N's key read did (ScanPlan.keyFetch's counters). */
interface KeyFetchStats {
  consumedRcu: number;
  returnedCount: number;
  requests: number;
  readScanAgain: boolean;
}

/**
 * What one run of a statement did, kept apart from its plan (a frozen value that a cached plan
 * shares between runs): the figures of each scan, and the scans a join planned again while running
 * with the keys an earlier relation returned (see join-restriction.ts). Keyed by the relation's
 * occurrence, which a re-plan keeps.
 */
export class RunStats {
  private readonly stats = new Map<object, ScanStats>();
  private readonly replans = new Map<object, PlannedScan>();
  private readonly samples = new Map<object, number>();
  private readonly fetches = new Map<object, KeyFetchStats>();
  /** When each scan's responses came, and its key read's (timed from the Scan's last response). */
  private readonly times = new Map<object, Times>();
  private readonly fetchTimes = new Map<object, Times>();
  /** The views made of each scan (plan()), which replan refreshes. */
  private readonly views = new Map<object, ScanPlan[]>();
  /**
   * Whether the statement was planned: an EXECUTE counts its custom plan then, as Postgres does, even
   * if running it fails (run/named-statements.ts PreparedText.executions).
   */
  planned = false;

  /** Starts (or restarts) counting a scan's reads. */
  start(scan: PlannedScan): ScanStats {
    const s: ScanStats = { consumedRcu: 0, scannedCount: 0, returnedCount: 0, pages: 0 };
    this.stats.set(scan.occurrence, s);
    this.times.set(scan.occurrence, { startedAt: performance.now(), firstAt: null, lastAt: null });
    return s;
  }

  /** Adds one response's figures. */
  record(
    scan: PlannedScan,
    page: {
      readonly items: readonly unknown[];
      readonly raw?: RawItems;
      readonly consumedRcu: number;
      readonly scannedCount: number;
    },
  ): ScanStats {
    const s = this.stats.get(scan.occurrence) ?? this.start(scan);
    s.consumedRcu += page.consumedRcu;
    s.scannedCount += page.scannedCount;
    s.returnedCount += returnedItems(page);
    s.pages++;
    responded(this.times.get(scan.occurrence)!);
    return s;
  }

  /** Adds one response of a top-N's key read after its Scan (ScanPlan.keyFetch). */
  fetched(
    scan: PlannedScan,
    page: { readonly items: readonly unknown[]; readonly consumedRcu: number },
  ): void {
    const f = this.keyFetch(scan);
    f.consumedRcu += page.consumedRcu;
    f.returnedCount += page.items.length;
    f.requests++;
    let t = this.fetchTimes.get(scan.occurrence);
    if (!t) {
      const startedAt = this.times.get(scan.occurrence)?.lastAt ?? performance.now();
      this.fetchTimes.set(scan.occurrence, (t = { startedAt, firstAt: null, lastAt: null }));
    }
    responded(t);
  }

  /** Records that a top-N read its Scan again whole because a kept item changed before its key read. */
  readAgain(scan: PlannedScan): void {
    this.keyFetch(scan).readScanAgain = true;
  }

  private keyFetch(scan: PlannedScan): KeyFetchStats {
    let f = this.fetches.get(scan.occurrence);
    if (!f) {
      f = { consumedRcu: 0, returnedCount: 0, requests: 0, readScanAgain: false };
      this.fetches.set(scan.occurrence, f);
    }
    return f;
  }

  /** Records the RCU that planning a relation read to sample its table for estimates (fetch/sample-stats.ts). */
  sampled(occurrence: object, rcu: number): void {
    this.samples.set(occurrence, (this.samples.get(occurrence) ?? 0) + rcu);
  }

  of(scan: PlannedScan): ScanStats | undefined {
    return this.stats.get(scan.occurrence);
  }

  /** Records that `scan` is read as `replanned` in this run (the views made of it show the new plan). */
  replan(scan: PlannedScan, replanned: PlannedScan): void {
    this.replans.set(scan.occurrence, replanned);
    for (const view of this.views.get(scan.occurrence) ?? []) fillPlanned(view, scan.plan, replanned.plan);
  }

  /** The scan as this run reads it: re-planned by a join, or as planned. */
  current(scan: PlannedScan): PlannedScan {
    return this.replans.get(scan.occurrence) ?? scan;
  }

  /**
   * The statement's plan as this run goes: each scan's plan (as re-planned) with its figures so far.
   * A live view — read it after the last page for the totals; EXPLAIN without a run shows null counts.
   */
  plan(
    statement: StatementPlan | { readonly scans: readonly PlannedScan[]; readonly shape?: undefined },
  ): Plan {
    return {
      ...(statement.shape && shapeView(statement)),
      scans: statement.scans.map((scan) => this.scanView(scan)),
    };
  }

  /**
   * A scan's live view: its planned values as data (replan refreshes them), its counters and key read
   * as getters reading this run's figures (code that counts may change a ScanStats in place).
   */
  private scanView(scan: PlannedScan): ScanPlan {
    const view = {} as ScanPlan;
    counted.set(view, { run: this, scan });
    fillPlanned(view, scan.plan, this.current(scan).plan);
    const sampling = this.samples.get(scan.occurrence);
    if (sampling) Object.defineProperty(view, 'samplingRcu', { enumerable: true, value: sampling });
    let made = this.views.get(scan.occurrence);
    if (!made) this.views.set(scan.occurrence, (made = []));
    made.push(view);
    return view;
  }

  /**
   * What EXPLAIN (FORMAT JSON) shows of a scan's view besides the plan (plan/statement/explain-json.ts):
   * the planner's items and item size for the read as this run reads it (re-planned by a join or not),
   * and the ms from the read's start to its first and last responses, its key read's likewise.
   * Undefined for a view this run did not make.
   */
  figures(view: ScanPlan): ScanFigures | undefined {
    const made = counted.get(view);
    if (made?.run !== this) return undefined;
    const { access, avgItemBytes } = this.current(made.scan);
    const s = this.times.get(made.scan.occurrence);
    const f = this.fetchTimes.get(made.scan.occurrence);
    return {
      estimatedItems: access.estimatedItems,
      itemBytes: avgItemBytes,
      ...(s ? elapsed(s) : { firstMs: null, lastMs: null }),
      ...(f && { keyFetch: elapsed(f) }),
    };
  }

  /** A view's counter or key read now. */
  counter(scan: PlannedScan, key: (typeof LIVE)[number]): unknown {
    if (key === 'keyFetch') {
      const planned = this.current(scan).plan.keyFetch;
      const f = this.fetches.get(scan.occurrence);
      return planned && f ? { ...planned, ...f } : planned;
    }
    const s = this.of(scan);
    return s ? s[key] : key === 'pages' ? 0 : null;
  }
}

/** A response came now. */
function responded(t: Times): void {
  t.lastAt = performance.now();
  t.firstAt ??= t.lastAt;
}

/** The ms from a read's start to its first and last responses (null: none came). */
function elapsed(t: Times): { firstMs: number | null; lastMs: number | null } {
  return {
    firstMs: t.firstAt === null ? null : t.firstAt - t.startedAt,
    lastMs: t.lastAt === null ? null : t.lastAt - t.startedAt,
  };
}

/** What a view reads as its run goes: the counters, and the key read's figures. */
const LIVE = [...COUNTERS, 'keyFetch'] as const;
const isLive = (key: string): key is (typeof LIVE)[number] => (LIVE as readonly string[]).includes(key);

/** Which run and scan each view's getters read. */
const counted = new WeakMap<object, { readonly run: RunStats; readonly scan: PlannedScan }>();

/** One getter per live key, shared by every view (a view is made per scan per run: no closures each time). */
const getters = Object.fromEntries(
  LIVE.map((key): [string, PropertyDescriptor] => [
    key,
    {
      enumerable: true,
      get(this: ScanPlan) {
        const { run, scan } = counted.get(this)!;
        return run.counter(scan, key);
      },
    },
  ]),
);

/** Sets a view's properties in the order of the plan's keys (`planned`), the values from the scan as read now. */
function fillPlanned(view: ScanPlan, planned: ScanPlan, current: ScanPlan): void {
  const target = view as unknown as Record<string, unknown>;
  for (const key of Object.keys(planned)) {
    if (!isLive(key)) target[key] = current[key as keyof ScanPlan];
    else if (!(key in view)) Object.defineProperty(view, key, getters[key]!);
  }
}

/** What the wire plan says of a statement's shape: its name, and the work the engine does itself. */
function shapeView(plan: StatementPlan): Pick<Plan, 'shape' | 'engineJoin' | 'engineEvaluation' | 'limit'> {
  switch (plan.shape) {
    case 'engine-hash-join':
      return { shape: plan.shape, engineJoin: plan.join.condition };
    case 'streaming-evaluation':
      return { shape: plan.shape, engineEvaluation: localShapeText(plan.evaluation) };
    case 'stream-through-host':
      return { shape: plan.shape, ...(plan.window.limit !== null && { limit: plan.window.limit }) };
    case 'count':
    case 'rows-from-items':
    case 'materialise-in-host':
    case 'write':
    case 'host-only':
      return { shape: plan.shape };
    default:
      return unknownShape(plan);
  }
}

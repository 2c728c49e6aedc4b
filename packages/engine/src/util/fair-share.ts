import { ContextVariable } from './context-variable';

/** How long after its last request another session still counts as active (a person between two lookups). */
export const RECENT_MS = 10_000;
/**
 * The read capacity a Scan or Query page may cost while other sessions are at work: about 28 KB of
 * items read eventually consistent, 1/36 of a full 1 MB page (dynamo/governor/pace-requests.ts sizes it).
 */
export const FAIR_PAGE_RCU = 4;

/**
 * The read capacity a Scan or Query page of a table larger than a page may cost on an emulator on this
 * machine (a server served in turn) while no other session is at work: about 256 KB of items read
 * eventually consistent, 1/4 of a full page, and no more than `TURN_IN_FLIGHT` of them at once. A
 * session that comes then (its first request, or its first after a pause longer than `RECENT_MS`)
 * finds at most two such pages ahead of it at the emulator (~35 ms each on dynalite), not four whole
 * ones (~130 ms each): the long read does not know yet that it should give way.
 */
export const TURN_PAGE_RCU = 32;
/** How many Scan or Query requests a statement keeps in flight at an emulator on this machine while alone. */
export const TURN_IN_FLIGHT = 2;

/** How a statement's reads are bounded now: the most a page may cost and how many may be in flight. */
export interface ReadCap {
  readonly pageRcu: number;
  readonly inFlight: number;
}

const GIVING_WAY: ReadCap = { pageRcu: FAIR_PAGE_RCU, inFlight: 1 };
const IN_TURN: ReadCap = { pageRcu: TURN_PAGE_RCU, inFlight: TURN_IN_FLIGHT };

/**
 * `dynascope.fair_share`: `auto` (the default) gives way with smaller pages only on a server whose
 * endpoint is this machine's (an emulator: dynalite serves requests one at a time), `on` on every server,
 * `off` never. JavaScript slices are shortened in `auto` and `on` alike.
 */
export type FairShareMode = 'auto' | 'on' | 'off';

/** The setting's text as a mode: on/true/yes/1, off/false/no/0, anything else (unset, `auto`) auto. */
export function fairShareMode(text: string | null | undefined): FairShareMode {
  if (/^(off|false|no|0)$/i.test(text ?? '')) return 'off';
  if (/^(on|true|yes|1)$/i.test(text ?? '')) return 'on';
  return 'auto';
}

/** Whether an endpoint's host is this machine (an emulator started beside us, not a DynamoDB region). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Which sessions are at work, so that a long statement gives way to the others (issue 13 part 3):
 * while another session has a request running, or ran one within the last `RECENT_MS`, a statement
 * that yields reads smaller pages, one request at a time, and cuts its JavaScript into shorter
 * slices (dynamo/governor/pace-requests.ts, fetch/read-access.ts, util/time-slice.ts) — an emulator serves A's
 * Scan pages and B's GetItem on one thread, in the order they came, and a 1 MB page is one long
 * stretch of its work. Alone, a statement reads at full speed, in pages of a quarter of the size on an
 * emulator here when the table is larger than a page (B's first request, before A knows of B, waits
 * for what A has in flight: readCap).
 * DynamoDB itself serves B's GetItem beside A's pages, so by default (`auto`) pages stay whole on a
 * server that is not on this machine: there, small pages would only make A's read many times slower.
 *
 *   A: select kind, count(*) from events group by kind     (alone: 1 MB pages, 4 segments at once;
 *                                                            on an emulator here ~256 KB, 2 at once)
 *   B: select * from events where device_id = 7 and ts = … (A's next requests: ~64 KB, one at a time)
 */
export class FairShare {
  /** Sessions with requests running: how many each. */
  private readonly running = new Map<object, number>();
  /** When each session's last request ended. */
  private readonly ended = new Map<object, number>();
  /** Sessions whose `dynascope.fair_share` is not `auto`. */
  private readonly modes = new WeakMap<object, FairShareMode>();

  /** `now`: the clock "recently" is measured on (tests). */
  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `fn`, a request of `session`: it counts as at work meanwhile, and its reads yield to the others'. */
  async run<T>(session: object, fn: () => Promise<T>): Promise<T> {
    this.running.set(session, (this.running.get(session) ?? 0) + 1);
    try {
      return await current.run({ share: this, session }, fn);
    } finally {
      const left = this.running.get(session)! - 1;
      if (left) this.running.set(session, left);
      else this.running.delete(session);
      this.ended.set(session, this.now());
    }
  }

  /** How `session`'s statements give way to the others' (its `dynascope.fair_share`). */
  yields(session: object, mode: FairShareMode): void {
    if (mode === 'auto') this.modes.delete(session);
    else this.modes.set(session, mode);
  }

  /** Whether a session other than `self` is at work now or was within `RECENT_MS`. */
  othersActive(self: object): boolean {
    for (const s of this.running.keys()) if (s !== self) return true;
    const since = this.now() - RECENT_MS;
    for (const [s, at] of this.ended) {
      if (at < since) this.ended.delete(s);
      else if (s !== self) return true;
    }
    return false;
  }

  /**
   * Whether `self`'s work gives way now, on a resource it shares with the others in turn (`inTurn`:
   * this thread, or an emulator on this machine) or not (a DynamoDB region, which `on` alone yields on).
   */
  givesWay(self: object, inTurn = true): boolean {
    const mode = this.modes.get(self) ?? 'auto';
    if (mode === 'off' || (mode === 'auto' && !inTurn)) return false;
    return this.othersActive(self);
  }

  /**
   * How `self`'s Scan and Query requests to a server are bounded now: small pages one at a time while it
   * gives way; moderate ones, two at a time, on a server served in turn otherwise when the table holds
   * more than a page (`large`: a session may come any moment, and what is in flight then is ahead of
   * it); null (whole pages) with `off`, alone on a server that serves each request beside the others,
   * or for a table one page holds.
   */
  readCap(self: object, inTurn: boolean, large: boolean): ReadCap | null {
    if (this.givesWay(self, inTurn)) return GIVING_WAY;
    return inTurn && large && this.modes.get(self) !== 'off' ? IN_TURN : null;
  }
}

const current = new ContextVariable<{ readonly share: FairShare; readonly session: object }>();

/**
 * Whether the running request's work should give way to other sessions' now (false outside a
 * session's request); `inTurn` as FairShare.givesWay's (a client's: servesInTurn in pace-requests.ts).
 */
export function givingWay(inTurn = true): boolean {
  const turn = current.get();
  return turn !== undefined && turn.share.givesWay(turn.session, inTurn);
}

/** How the running request's Scan and Query requests are bounded now (FairShare.readCap); null outside a session's request. */
export function readCap(inTurn: boolean, large: boolean): ReadCap | null {
  const turn = current.get();
  return turn === undefined ? null : turn.share.readCap(turn.session, inTurn, large);
}

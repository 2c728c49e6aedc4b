import type { ReadRateLimit } from '@dynascope/contract';
import type { RateLimit } from './governor-scope';

/**
 * The read limit a plan shows: the strictest of the session's setting and the options' shared limit
 * (a tie goes to the options: every session shares them), with the time the estimate takes at it:
 *   (session 20, server 50/s, estimated 250 RCU) → { rcuPerSecond: 20, source: 'session', estimatedSeconds: 12.5 }
 */
export function readRateLimit(
  session: number | null,
  shared: RateLimit | null,
  estimated: number | null,
): ReadRateLimit | undefined {
  const l = strictest(session, shared);
  if (!l) return undefined;
  return { rcuPerSecond: l.perSecond, source: l.source, estimatedSeconds: secondsAt(l.perSecond, estimated) };
}

/** The same limit for a read whose estimate changed (a LIMIT caps it): `estimatedSeconds` again. */
export function atEstimate(limit: ReadRateLimit, estimated: number | null): ReadRateLimit {
  return { ...limit, estimatedSeconds: secondsAt(limit.rcuPerSecond, estimated) };
}

function strictest(session: number | null, shared: RateLimit | null): RateLimit | null {
  return session !== null && (!shared || session < shared.perSecond)
    ? { perSecond: session, source: 'session' }
    : shared;
}

function secondsAt(perSecond: number, estimated: number | null): number | null {
  return estimated === null ? null : Math.round((estimated / perSecond) * 10) / 10;
}

import type { ReadRateLimit, WriteRateLimit } from '@dynascope/contract';
import type { ServerDef } from '../../catalog/foreign-table';
import type { SessionSettings } from '../../session/settings';
import { limitSetting, type RateLimit } from './governor-scope';
import { sharedLimit, tableKey } from './table-limits';

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

/**
 * What a write plan shows of its limit: the session's `dynascope.max_wcu_per_second` against the
 * write limit the options put on the table, with the time the estimated WCU (plan/write-estimate.ts;
 * null: not known before it runs) take at it:
 *   SET dynascope.max_wcu_per_second = 2, 10 WCU estimated → { rateLimit: { wcuPerSecond: 2, source: 'session', estimatedSeconds: 5 } }
 */
export function writeLimitPlan(
  settings: SessionSettings,
  table: { readonly server: ServerDef; readonly options: Readonly<Record<string, string>> },
  estimated: number | null,
): { rateLimit?: WriteRateLimit } {
  const l = strictest(
    limitSetting('max_wcu_per_second', settings.maxWcuPerSecond),
    sharedLimit(tableKey(table.server, table.options.table!), 'write'),
  );
  return l
    ? {
        rateLimit: {
          wcuPerSecond: l.perSecond,
          source: l.source,
          estimatedSeconds: secondsAt(l.perSecond, estimated),
        },
      }
    : {};
}

import type { EstimateBasis } from '../types';
import type { KeySample } from './key-sample';
import type { TableInfo } from './key-schema';

/** What the cost model knows of a table's size, and how it came to know it. */
export interface TableStats {
  readonly itemCount: number;
  readonly avgItemBytes: number;
  readonly sizeBytes: number;
  readonly basis: EstimateBasis;
  /** For people: where the figures come from (and what sampling cost). */
  readonly note: string;
  /** The RCU read to sample the table for these figures (absent: DescribeTable's, nothing read). */
  readonly sampledRcu?: number;
  /** How often the sampled items held each value of the GSIs' partition keys (absent: nothing sampled). */
  readonly keySample?: KeySample;
  /** Why the sample Scan was refused (`AccessDenied`): the figures are unknown, and stay so for a while. */
  readonly refused?: string;
}

/** The item a read by key is priced with when nothing was measured: one 4 KB read unit holds it. */
const ASSUMED_ITEM_BYTES = 1024;

/** What DescribeTable said when its figures are not used: `DescribeTable reported 2000 items, size 0 B (it updates every ~6 h)`. */
export function describedZero(info: TableInfo): string {
  return `DescribeTable reported ${info.itemCount} items, size ${info.sizeBytes} B (it updates every ~6 h)`;
}

/** DescribeTable's figures, when it reports any (DynamoDB refreshes them about every 6 hours); else null. */
export function describedStats(info: TableInfo): TableStats | null {
  if (!(info.itemCount > 0 && info.sizeBytes > 0)) return null;
  return {
    itemCount: info.itemCount,
    sizeBytes: info.sizeBytes,
    avgItemBytes: info.sizeBytes / info.itemCount,
    basis: 'describe-table',
    note: `DescribeTable: ${info.itemCount} items, ${info.sizeBytes} bytes (refreshed about every 6 hours)`,
  };
}

/**
 * Figures for a read by key when none are at hand and DescribeTable reports no items: the table's size
 * unknown, an item of ~1 KB assumed (a read by key's price depends on nothing else).
 */
export function assumedStats(info: TableInfo): TableStats {
  return {
    itemCount: 0,
    sizeBytes: 0,
    avgItemBytes: ASSUMED_ITEM_BYTES,
    basis: 'unknown',
    note: `an item of ~${ASSUMED_ITEM_BYTES} bytes assumed (${describedZero(info)}; a read by key is planned without sampling)`,
  };
}

/**
 * Figures when the sample Scan failed (a role allowed Query but not Scan: `AccessDenied`): a sample
 * is an optimisation, so the statement plans without it — the table's size unknown (no Query or Scan
 * estimate), an item of ~1 KB assumed for a read by key. `reason` is the error's first line.
 *
 *   where customer_id = 'C1'   (DescribeTable: size 0; Scan denied)
 *     → Query, estimate unknown: "size unknown: sampling refused (AccessDenied: …)"
 */
export function refusedStats(info: TableInfo, reason: string): TableStats {
  const code = /^([A-Za-z]+)(?::|\b)/.exec(reason)?.[1] ?? 'error';
  return {
    itemCount: 0,
    sizeBytes: 0,
    avgItemBytes: ASSUMED_ITEM_BYTES,
    basis: 'unknown',
    refused: code,
    note: `size unknown: sampling refused (${reason}); ${describedZero(info)}; an item of ~${ASSUMED_ITEM_BYTES} bytes assumed`,
  };
}

/**
 * Cached figures past their expiry, as a read by key plans with them: their note says so, and their
 * sample is not this statement's to report.
 */
export function expiredStats(stats: TableStats, expiredMs: number): TableStats {
  const { sampledRcu: _read, ...rest } = stats;
  return {
    ...rest,
    note: `${stats.note}; expired ${Math.round(expiredMs / 1000)} s ago, not refreshed for a read by key`,
  };
}

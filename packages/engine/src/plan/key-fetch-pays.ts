import type { ColumnDef } from '../catalog/foreign-table';

/**
 * Whether a top-N reads keys then fetches (plan/statement/top-n-shape.ts `keysThenFetch`): its narrow
 * Scan must leave out attributes the plain read transfers (a strict subset of them), and the bytes that
 * saves over every item read must outweigh the key read (the kept items whole, plus a round trip per
 * 100 keys). DynamoDB bills a Scan by the items it reads, projected or not, so only transfer and parsing
 * are saved; and each item still costs a fixed share (read whole by DynamoDB, parsed, its columns
 * checked), so a narrow item must also be at most half the plain one. The key read may add at most a
 * quarter of the Scan's RCU. Measured on the events table (five declared numbers and text, a small map):
 * leaving out a quarter of each item bought nothing. Pure.
 *
 * When it declines, `reason` says why as the plan shows it (`Reads keys then fetches: not chosen — …`),
 * and `candidate` whether a key read was one at all: a plain read that already projects no more than
 * the narrow Scan would (`select ts, id ... order by ts`) leaves nothing out, so no plan mentions it.
 *   { plain: null, narrow: ['id' (text), 'ts' (int8)], avgItemBytes: 1800, itemsRead: 400, keep: 10,
 *     scanRcu: 88, fetchRcu: 5 }
 *   → { pays: true, savedBytes: 684400, fetchBytes: 83536 }
 *   the events table's five declared columns of its ~85-byte items
 *   → { pays: false, candidate: true, reason: 'narrow items ~179 B vs whole ~85 B, at least half' }
 *   the same, 40 items read → '... saves ~67 KiB, no more than the kept items plus a round trip (~82 KiB)'
 */
export function keyFetchPays(c: KeyFetchCase): KeyFetchDecision {
  if (c.plain) {
    const extra = c.narrow.filter((a) => !c.plain!.includes(a));
    if (extra.length)
      return notCandidate(`the narrow Scan would read ${extra.join(', ')}, which the plain one does not`);
    if (c.narrow.length === c.plain.length)
      return notCandidate('the plain read projects only what the narrow Scan would');
  }
  if (c.scanRcu === null) return declined('the Scan has no RCU estimate');
  if (c.fetchRcu > c.scanRcu * KEY_FETCH_SHARE)
    return declined(`key read ${c.fetchRcu} RCU, more than a quarter of the Scan's ${c.scanRcu}`);
  // An attribute the narrow Scan reads whose size nothing bounds may be the whole item.
  const narrowBytes = c.narrow.reduce((n, a) => n + (c.bytesOf(a) ?? c.avgItemBytes), 0);
  // What the plain read transfers: the whole item, or its projection (an attribute of unbounded size,
  // a jsonb column, up to the rest of the item).
  const rest = Math.max(0, c.avgItemBytes - narrowBytes);
  const plainBytes = c.plain
    ? Math.min(
        c.avgItemBytes,
        c.plain.reduce(
          (n, a) => n + (c.narrow.includes(a) ? (c.bytesOf(a) ?? c.avgItemBytes) : (c.bytesOf(a) ?? rest)),
          0,
        ),
      )
    : c.avgItemBytes;
  const saved = plainBytes - narrowBytes;
  if (saved <= plainBytes * (1 - MAX_NARROW_SHARE))
    return declined(
      `narrow items ~${Math.round(narrowBytes)} B vs ${c.plain ? 'projected' : 'whole'} ~${Math.round(plainBytes)} B, at least half`,
    );
  const savedBytes = Math.round(saved * c.itemsRead);
  const fetchBytes = Math.round(c.keep * c.avgItemBytes + Math.ceil(c.keep / BATCH_KEYS) * ROUND_TRIP_BYTES);
  if (savedBytes <= fetchBytes)
    return declined(
      `saves ~${bytesText(savedBytes)}, no more than the kept items plus a round trip (~${bytesText(fetchBytes)})`,
    );
  return Object.freeze({ pays: true as const, savedBytes, fetchBytes });
}

/** What the decision knows of the two reads. */
export interface KeyFetchCase {
  /** The attributes the plain read projects (DynamoDB names); null: whole items. */
  readonly plain: readonly string[] | null;
  /** The attributes the narrow Scan must project: keys, sort and checked columns, filtered attributes. */
  readonly narrow: readonly string[];
  /** An attribute's bytes in an item (name and value) at most, as its column's type bounds it; null: unbounded. */
  readonly bytesOf: (attribute: string) => number | null;
  /** The table's statistics: its average item (DescribeTable's or sampled). */
  readonly avgItemBytes: number;
  /** The items the read is expected to transfer. */
  readonly itemsRead: number;
  /** The items kept, then read by key. */
  readonly keep: number;
  readonly scanRcu: number | null;
  readonly fetchRcu: number;
}

export type KeyFetchDecision =
  | { readonly pays: true; readonly savedBytes: number; readonly fetchBytes: number }
  | {
      readonly pays: false;
      /** Whether a key read was a candidate: false when the plain read leaves out all it would. */
      readonly candidate: boolean;
      /** Why not, for people: `key read 3 RCU, more than a quarter of the Scan's 8`. */
      readonly reason: string;
    };

/** The key read may add at most this share of the Scan's estimated RCU. */
const KEY_FETCH_SHARE = 0.25;
/** A narrow item must be at most this share of the plain one. */
const MAX_NARROW_SHARE = 0.5;
/** Keys one BatchGetItem request takes. */
const BATCH_KEYS = 100;
/** A request's round trip, in bytes the Scan would transfer in the same time (a 1 MB page is ~16 round trips). */
const ROUND_TRIP_BYTES = 64 * 1024;

/** Bytes a DynamoDB number takes at most (38 significant digits), a text or other value's nominal size. */
const NUMBER_BYTES = 21;
const NOMINAL_BYTES = 64;

/**
 * An attribute's bytes in an item (its name and value) as its column's type bounds them: a number at
 * most 21, a boolean 1, a date or timestamp its ISO 8601 text; text and other scalars a nominal 64;
 * null for what nothing bounds (json, jsonb, bytea, arrays). An attribute no column declares (a key
 * the table does not name as a column): the nominal 64.
 *   attributeBytes('ts', { typname: 'int8', ... })   → 23
 *   attributeBytes('payload', { typname: 'jsonb', ... }) → null
 */
export function attributeBytes(
  attribute: string,
  column: Pick<ColumnDef, 'typname' | 'elementTypname'> | undefined,
): number | null {
  const name = Buffer.byteLength(attribute);
  if (!column) return name + NOMINAL_BYTES;
  if (column.elementTypname) return null;
  const value = VALUE_BYTES[column.typname];
  return value === null ? null : name + (value ?? NOMINAL_BYTES);
}

/** Value bytes by type: the most a value takes, or null for a size nothing bounds. */
const VALUE_BYTES: Readonly<Record<string, number | null>> = {
  int2: NUMBER_BYTES,
  int4: NUMBER_BYTES,
  int8: NUMBER_BYTES,
  float4: NUMBER_BYTES,
  float8: NUMBER_BYTES,
  numeric: NUMBER_BYTES,
  oid: NUMBER_BYTES,
  bool: 1,
  date: '2024-01-31'.length,
  timestamp: '2024-01-31T12:34:56.123456'.length,
  timestamptz: '2024-01-31T12:34:56.123456Z'.length,
  uuid: 36,
  json: null,
  jsonb: null,
  bytea: null,
};

function declined(reason: string): KeyFetchDecision {
  return Object.freeze({ pays: false as const, candidate: true, reason });
}

function notCandidate(reason: string): KeyFetchDecision {
  return Object.freeze({ pays: false as const, candidate: false, reason });
}

/**
 * Bytes as people read them: `840 B`, `9.5 KiB`, `67 KiB`, `1.3 MiB` (one decimal below 10 of a unit).
 */
export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${value < 10 ? Math.round(value * 10) / 10 : Math.round(value)} ${unit}`;
}

import { SIZE_REFRESH_HOURS } from '@dynascope/contract';
import type { InspectedIndex, InspectedPart, TableInspection } from '../api/wire';

/** One line of the inspector: a label, its value, and an optional note (or why it is unknown). */
export interface Fact {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  /** The call behind it was refused (by the emulator or IAM): `value` says so with the reason. */
  readonly unavailable?: boolean;
}

const count = new Intl.NumberFormat('en-US');

/** `1234` → `1,234`; null → `not reported`. */
export function countText(n: number | null): string {
  return n === null ? 'not reported' : count.format(n);
}

/** `1536` → `1,536 bytes (1.5 KiB)`. */
export function bytesText(n: number | null): string {
  if (n === null) return 'not reported';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let unit = '';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return `${count.format(n)} byte${n === 1 ? '' : 's'}${unit ? ` (${v.toFixed(1)} ${unit})` : ''}`;
}

/** Billing and capacity of a table or GSI: `On-demand`, `Provisioned: 5 RCU, 3 WCU`. */
export function capacityFacts(
  c: Pick<TableInspection, 'provisioned' | 'onDemandMaximum' | 'warmThroughput'>,
  billingMode: string | null,
): Fact[] {
  const units = (r: number | null, w: number | null, suffix = '') =>
    `${r === null ? 'no limit' : `${count.format(r)} RCU${suffix}`}, ${w === null ? 'no limit' : `${count.format(w)} WCU${suffix}`}`;
  const facts: Fact[] = [
    {
      label: 'Billing',
      value:
        billingMode === 'PAY_PER_REQUEST'
          ? 'On-demand'
          : billingMode === 'PROVISIONED'
            ? 'Provisioned'
            : (billingMode ?? 'not reported'),
    },
  ];
  if (c.provisioned)
    facts.push({ label: 'Provisioned', value: units(c.provisioned.readUnits, c.provisioned.writeUnits) });
  if (billingMode === 'PAY_PER_REQUEST')
    facts.push({
      label: 'On-demand maximum',
      value: c.onDemandMaximum
        ? units(c.onDemandMaximum.readUnits, c.onDemandMaximum.writeUnits, '/s')
        : 'none set',
    });
  facts.push({
    label: 'Warm throughput',
    value: c.warmThroughput
      ? `${countText(c.warmThroughput.readUnitsPerSecond)} reads/s, ${countText(c.warmThroughput.writeUnitsPerSecond)} writes/s${c.warmThroughput.status ? ` (${c.warmThroughput.status})` : ''}`
      : 'not reported',
  });
  return facts;
}

/** A part of the inspection: its text, or `unavailable: <reason>`. */
function partFact<T>(label: string, part: InspectedPart<T>, text: (v: T) => string): Fact {
  return part.available
    ? { label, value: text(part.value) }
    : { label, value: `unavailable: ${part.reason}`, unavailable: true };
}

/** `12:04:05 UTC` of an ISO time. */
function clock(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/** The sections of the table inspector, in order. */
export function inspectorSections(t: TableInspection): readonly { title: string; facts: readonly Fact[] }[] {
  const key = (k: { name: string; type: string } | null) => (k ? `${k.name} (${k.type})` : 'none');
  const sizeNote = `DynamoDB refreshes the item count and size about every ${SIZE_REFRESH_HOURS} hours: they can be up to ${SIZE_REFRESH_HOURS} hours older than this description (${clock(t.describedAt)}).`;
  return [
    {
      title: 'Table',
      facts: [
        { label: 'Partition key', value: key(t.partitionKey) },
        { label: 'Sort key', value: key(t.sortKey) },
        { label: 'Status', value: t.status ?? 'not reported' },
        {
          label: 'Created',
          value: t.createdAt ? t.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'not reported',
        },
        { label: 'Table class', value: t.tableClass ?? 'not reported' },
        ...(t.arn ? [{ label: 'ARN', value: t.arn }] : []),
      ],
    },
    { title: 'Capacity', facts: capacityFacts(t, t.billingMode) },
    {
      title: 'Size',
      facts: [
        { label: 'Items', value: countText(t.itemCount), note: sizeNote },
        { label: 'Size', value: bytesText(t.sizeBytes) },
      ],
    },
    {
      title: 'Settings',
      facts: [
        partFact('Time to live', t.timeToLive, (v) =>
          v.attribute ? `${v.status} on attribute ${v.attribute}` : v.status,
        ),
        {
          label: 'Stream',
          value: t.stream
            ? `${t.stream.viewType ?? 'enabled'}${t.stream.label ? ` (since ${t.stream.label})` : ''}`
            : 'off',
        },
        partFact('Point-in-time recovery', t.pointInTimeRecovery, (v) =>
          v.status === 'ENABLED' && v.earliestRestorableAt
            ? `ENABLED: restorable from ${v.earliestRestorableAt} to ${v.latestRestorableAt ?? 'now'}${v.recoveryPeriodInDays ? ` (${v.recoveryPeriodInDays} days)` : ''}`
            : v.status,
        ),
        {
          label: 'Deletion protection',
          value: t.deletionProtection === null ? 'not reported' : t.deletionProtection ? 'on' : 'off',
        },
        partFact('Tags', t.tags, (tags) =>
          tags.length ? tags.map((g) => `${g.key}=${g.value}`).join(', ') : 'none',
        ),
      ],
    },
  ];
}

/** An index's row in the inspector's index table. */
export function indexRow(ix: InspectedIndex, billingMode: string | null) {
  return {
    name: ix.name,
    kind: ix.kind,
    keys: `${ix.partitionKey.name} (${ix.partitionKey.type})${ix.sortKey ? `, ${ix.sortKey.name} (${ix.sortKey.type})` : ''}`,
    projection: ix.projection === 'INCLUDE' ? `INCLUDE ${ix.projectedAttributes.join(', ')}` : ix.projection,
    status:
      ix.kind === 'LSI' ? '—' : `${ix.status ?? 'not reported'}${ix.backfilling ? ' (backfilling)' : ''}`,
    capacity:
      ix.kind === 'LSI'
        ? "the table's"
        : capacityFacts(ix, billingMode)
            .filter((f) => f.label !== 'Billing')
            .map((f) => `${f.label}: ${f.value}`)
            .join('; '),
    items: countText(ix.itemCount),
    size: bytesText(ix.sizeBytes),
  };
}

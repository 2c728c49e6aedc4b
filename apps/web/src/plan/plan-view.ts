import type { WireColumn, WireScan, CatalogSnapshot, KeyRole } from '../api/wire';

export type BadgeTone = 'green' | 'blue' | 'amber' | 'gray';

/** Operation badge colour: keyed reads green, a Query on an index blue, Scans amber. */
export function operationTone(scan: Pick<WireScan, 'operation' | 'index'>): BadgeTone {
  switch (scan.operation) {
    case 'GetItem':
    case 'BatchGetItem':
      return 'green';
    case 'Query':
      return scan.index ? 'blue' : 'green';
    case 'Scan':
    case 'ParallelScan':
      return 'amber';
    default:
      return 'gray';
  }
}

/** Items read per item returned: 100 scanned / 4 returned → "25×"; null when not run. */
export function scanRatio(scan: Pick<WireScan, 'scannedCount' | 'returnedCount'>): string | null {
  const { scannedCount: s, returnedCount: r } = scan;
  if (s === null || r === null || s === undefined || r === undefined) return null;
  if (r === 0) return s === 0 ? '—' : `${s.toLocaleString('en-US')} : 0`;
  const ratio = s / r;
  return `${ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 10) / 10}×`;
}

/** Efficiency of a scan: share of read items that were returned, 0..1, or null. */
export function selectivity(scan: Pick<WireScan, 'scannedCount' | 'returnedCount'>): number | null {
  const { scannedCount: s, returnedCount: r } = scan;
  if (!s || r === null || r === undefined) return null;
  return Math.min(1, r / s);
}

/** The key condition with names and values substituted when the API provides it. */
export function keyConditionOf(scan: WireScan): string | null {
  return scan.keyConditionText ?? scan.keyCondition ?? null;
}

export function filterOf(scan: WireScan): string | null {
  return scan.filterText ?? scan.filter ?? null;
}

export interface ColumnBadge {
  readonly keyRole: KeyRole;
  readonly catchAll: boolean;
}

/**
 * Key badges for result columns: a column named like a key column of a foreign table the
 * statement scanned gets that key role.
 */
export function columnBadges(
  columns: readonly WireColumn[],
  scans: readonly WireScan[],
  catalog: CatalogSnapshot | null,
): ColumnBadge[] {
  const tables = (catalog?.tables ?? []).filter((t) =>
    scans.some((s) => s.relation === `${t.schema}.${t.name}` || s.relation === t.name),
  );
  return columns.map((col) => {
    for (const t of tables) {
      const c = t.columns.find((x) => x.name === col.name);
      if (c && (c.keyRole || c.catchAll)) return { keyRole: c.keyRole, catchAll: c.catchAll };
    }
    return { keyRole: null, catchAll: false };
  });
}

/** Short type names for column headers: `timestamp with time zone` → `timestamptz`. */
export function shortType(type: string): string {
  return type
    .replace('timestamp with time zone', 'timestamptz')
    .replace('timestamp without time zone', 'timestamp')
    .replace('character varying', 'varchar')
    .replace('double precision', 'float8');
}

/**
 * Facts about how a scan reads, for the card's subtitle:
 * `{ operation: 'BatchGetItem', keyCount: 3 }` → ['3 keys'], `{ segments: 4 }` → ['4 parallel segments'].
 */
export function accessFacts(scan: WireScan): string[] {
  const facts: string[] = [];
  if (scan.keyCount) facts.push(`${scan.keyCount} key${scan.keyCount === 1 ? '' : 's'}`);
  if (scan.partitionCount && scan.partitionCount > 1) facts.push(`${scan.partitionCount} partitions`);
  if (scan.segments && scan.segments > 1) facts.push(`${scan.segments} parallel segments`);
  if (scan.fetchBack) facts.push('fetches items back from the table');
  if (scan.limit) facts.push(`limit ${scan.limit}`);
  if (scan.consistentRead) facts.push('strongly consistent');
  return facts;
}

/**
 * How far the actual capacity strayed from the estimate: the factor when it is off by more than
 * 2× either way, else null. estimate 2.5, actual 219 → 87.6; estimate 4, actual 5 → null.
 */
export function estimateDrift(estimated: number | null, actual: number | null): number | null {
  if (estimated === null || actual === null || estimated <= 0 || actual <= 0) return null;
  const factor = actual / estimated;
  return factor > 2 || factor < 0.5 ? factor : null;
}

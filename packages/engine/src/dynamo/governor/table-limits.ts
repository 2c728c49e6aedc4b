import { EngineError, SqlState } from '../../errors';
import type { TableCapacity } from '../../plan/key-schema';
import type { RateLimit } from './governor-scope';
import { RateBudget } from './rate-budget';
import { FIRST_GUESS, type CapacityKind, type TableSizes } from './request-cost';

export interface TableLimits {
  readonly read: RateLimit | null;
  readonly write: RateLimit | null;
}

export const NO_LIMITS: TableLimits = Object.freeze({ read: null, write: null });

/** Server and foreign-table options that limit throughput, by kind. */
const OPTIONS: Record<CapacityKind, { readonly max: string; readonly percent: string }> = {
  read: { max: 'max_rcu_per_second', percent: 'read_percent' },
  write: { max: 'max_wcu_per_second', percent: 'write_percent' },
};

/**
 * The strictest limit the options of a foreign table and its server put on each kind of capacity:
 *   server max_rcu_per_second 100, table read_percent 10 of 400 provisioned RCU → read 40/s (table)
 * A percentage needs the table's capacity: provisioned, else its on-demand maximum; a table with
 * neither cannot be limited by percent (55000).
 */
export function optionLimits(
  server: Readonly<Record<string, string>>,
  table: Readonly<Record<string, string>>,
  capacity: TableCapacity | undefined,
  tableName: string,
): TableLimits {
  const of = (kind: CapacityKind): RateLimit | null => {
    let best: RateLimit | null = null;
    const offer = (perSecond: number, source: 'server' | 'table') => {
      if (perSecond > 0 && (!best || perSecond < best.perSecond)) best = { perSecond, source };
    };
    for (const [options, source] of [
      [server, 'server'],
      [table, 'table'],
    ] as const) {
      const max = Number(options[OPTIONS[kind].max] ?? 0);
      if (max > 0) offer(max, source);
      const percent = Number(options[OPTIONS[kind].percent] ?? 0);
      if (percent > 0)
        offer((percent / 100) * capacityOf(kind, capacity, tableName, OPTIONS[kind].percent), source);
    }
    return best;
  };
  return { read: of('read'), write: of('write') };
}

function capacityOf(
  kind: CapacityKind,
  capacity: TableCapacity | undefined,
  tableName: string,
  option: string,
): number {
  const provisioned = kind === 'read' ? capacity?.readUnits : capacity?.writeUnits;
  const onDemand = kind === 'read' ? capacity?.maxReadUnits : capacity?.maxWriteUnits;
  if (provisioned) return provisioned;
  if (onDemand) return onDemand;
  const field = kind === 'read' ? 'MaxReadRequestUnits' : 'MaxWriteRequestUnits';
  throw new EngineError(
    SqlState.objectNotInPrerequisiteState,
    `option "${option}" needs a capacity to take a percentage of, and DynamoDB table "${tableName}" has none`,
    {
      detail: `The table is on demand without a maximum (OnDemandThroughput.${field}) and has no provisioned capacity.`,
      hint: `limit it in capacity units instead: ${OPTIONS[kind].max} '<n>', or set the table's on-demand maximum`,
    },
  );
}

/** What the process keeps of one DynamoDB table: the limits options put on it, its budgets, what its answers taught. */
interface TableState {
  /** Limits by the foreign table (server and name) that set them. */
  readonly limits: Map<string, TableLimits>;
  readonly read: RateBudget;
  readonly write: RateBudget;
  readonly sizes: TableSizes;
}

const tables = new Map<string, TableState>();

/**
 * The key of a DynamoDB table in the process: where it is (endpoint or AWS, region) and whose it is
 * (role, profile, else the server): `http://127.0.0.1:8000|us-east-1|prod|orders`.
 */
export function tableKey(
  server: { readonly name: string; readonly options: Readonly<Record<string, string>> },
  table: string,
): string {
  const o = server.options;
  return [o.endpoint_url ?? 'aws', o.region ?? '', o.role_arn ?? o.profile ?? server.name, table].join('|');
}

/** The state of a table (made on first use). */
export function tableState(key: string): TableState {
  let t = tables.get(key);
  if (!t)
    tables.set(
      key,
      (t = { limits: new Map(), read: new RateBudget(), write: new RateBudget(), sizes: { ...FIRST_GUESS } }),
    );
  return t;
}

/**
 * Records the limits a foreign table's options put on its DynamoDB table: from now on every statement
 * of every session on that table is paced by them together (the strictest of all foreign tables over it).
 */
export function registerLimits(key: string, foreignTable: string, limits: TableLimits): void {
  const t = tableState(key);
  if (limits.read || limits.write) t.limits.set(foreignTable, limits);
  else t.limits.delete(foreignTable);
}

/** The strictest limit of a kind the options of any foreign table over it put on a DynamoDB table. */
export function sharedLimit(key: string, kind: CapacityKind): RateLimit | null {
  let best: RateLimit | null = null;
  for (const l of tables.get(key)?.limits.values() ?? []) {
    const x = l[kind];
    if (x && (!best || x.perSecond < best.perSecond)) best = x;
  }
  return best;
}

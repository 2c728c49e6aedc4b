import { optionsFromJoined } from '../../catalog/foreign-table';
import { EngineError, SqlState } from '../../errors';
import type { Host } from '../../host/host';
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
  /** Limits by the OID of the foreign table that set them. */
  readonly limits: Map<number, Registration>;
  readonly read: RateBudget;
  readonly write: RateBudget;
  readonly sizes: TableSizes;
}

/** A foreign table as its limits were read from it: its OID, its options and its server's (name and options). */
export interface LimitSource {
  readonly oid: number;
  readonly server: { readonly name: string; readonly options: Readonly<Record<string, string>> };
  readonly options: Readonly<Record<string, string>>;
}

/** The limits one foreign table put on its DynamoDB table, and the definition they were made from. */
interface Registration {
  readonly source: LimitSource;
  readonly limits: TableLimits;
}

const tables = new Map<string, TableState>();

/**
 * The key of a DynamoDB table in the process: where it is (endpoint or AWS, region) and whose it is
 * (role, profile, else the server): `http://127.0.0.1:8000|us-east-1|prod|orders`. The governor's
 * budgets and the DescribeTable and statistics cache (session/table-cache.ts) are kept by it.
 */
export function tableKey(
  server: { readonly name: string; readonly options: Readonly<Record<string, string>> },
  table: string,
): string {
  const o = server.options;
  return [o.endpoint_url ?? 'aws', o.region ?? '', o.role_arn ?? o.profile ?? server.name, table].join('|');
}

/** The DynamoDB table of a tableKey: `aws|eu-west-1|prod|orders` → `orders` (a table's name holds no `|`). */
export function tableOfKey(key: string): string {
  return key.slice(key.lastIndexOf('|') + 1);
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
 * of every session on that table is paced by them together (the strictest of all foreign tables over
 * it), while the foreign table exists with these options (recheckLimits).
 */
export function registerLimits(key: string, source: LimitSource, limits: TableLimits): void {
  const t = tableState(key);
  const before = t.limits.get(source.oid);
  if (limits.read || limits.write) t.limits.set(source.oid, { source, limits });
  else t.limits.delete(source.oid);
  if (!sameLimits(before?.limits ?? NO_LIMITS, limits)) generation++;
}

/** The strictest limit of a kind the options of any foreign table over it put on a DynamoDB table. */
export function sharedLimit(key: string, kind: CapacityKind): RateLimit | null {
  let best: RateLimit | null = null;
  for (const r of tables.get(key)?.limits.values() ?? []) {
    const x = r.limits[kind];
    if (x && (!best || x.perSecond < best.perSecond)) best = x;
  }
  return best;
}

/** Bumped whenever a table's registered limits change: a plan showing the old ones is not reused (plan-cache.ts). */
let generation = 0;

/** The registrations' generation now (see `generation`). */
export function limitsGeneration(): number {
  return generation;
}

/**
 * The one rule of registrations: a foreign table's limits hold exactly while it exists with the
 * options (its own and its server's, and the server's name: tableKey) it had when they were read.
 * Called after each statement that may have changed the catalog, outside a transaction block
 * (session.ts afterStatement): the catalog, read as the engine's owner, lists the registered OIDs
 * still there as they were; every other registration is dropped — a dropped or renamed-away server,
 * schema or foreign table, changed options (the foreign table's next plan registers the new ones).
 * Inside a block nothing is dropped (its DROP may be rolled back): the COMMIT or ROLLBACK that ends
 * it checks again. A registration made while the catalog was read is not touched.
 *
 * On PGlite the engine's one process sees every change. On a PostgreSQL server host (DYNASCOPE_DATABASE_URL)
 * the catalog read is of committed state (the session's own connection, outside a block); a change
 * committed by another API process is checked when the host tells of it (host/catalog-notify.ts,
 * engine.ts catalogChanged), as this process's relation and plan caches follow it. On PGlite DDL hidden
 * in a view's or a trigger's function is checked at the next statement that may change the catalog.
 */
export async function recheckLimits(host: Host): Promise<void> {
  const held = [...tables.values()].flatMap((t) =>
    [...t.limits.entries()].map(([oid, r]) => ({ t, oid, r })),
  );
  if (!held.length) return;
  const found = await host.asOwner(() =>
    host.query(
      `select ft.ftrelid::int, s.srvname, array_to_string(s.srvoptions, chr(1)), array_to_string(ft.ftoptions, chr(1))
         from pg_foreign_table ft join pg_foreign_server s on s.oid = ft.ftserver
        where ft.ftrelid = any($1::oid[])`,
      [`{${held.map((h) => h.oid).join(',')}}`],
    ),
  );
  const now = new Map(
    found.rows.map((row) => [
      Number(row[0]),
      {
        server: { name: row[1]!, options: optionsFromJoined(row[2] ?? null) },
        options: optionsFromJoined(row[3] ?? null),
      },
    ]),
  );
  for (const { t, oid, r } of held) {
    const def = now.get(oid);
    if (def && sameDefinition(def, r.source)) continue;
    // Only the registration read above: one made since (a plan of the new definition) stands.
    if (t.limits.get(oid) !== r) continue;
    t.limits.delete(oid);
    generation++;
  }
}

function sameDefinition(a: Omit<LimitSource, 'oid'>, b: Omit<LimitSource, 'oid'>): boolean {
  return (
    a.server.name === b.server.name &&
    sameOptions(a.server.options, b.server.options) &&
    sameOptions(a.options, b.options)
  );
}

function sameOptions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

function sameLimits(a: TableLimits, b: TableLimits): boolean {
  const same = (x: RateLimit | null, y: RateLimit | null) =>
    x === y || (!!x && !!y && x.perSecond === y.perSecond && x.source === y.source);
  return same(a.read, b.read) && same(a.write, b.write);
}

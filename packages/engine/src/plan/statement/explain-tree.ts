import type { Plan, ScanPlan } from '../../types';
import { shapeText } from './explain-text';

type Node = Record<string, unknown>;

/** What a run knows of a scan besides its plan (run/run-stats.ts figures). */
export interface ScanFigures {
  /** The items the planner expects the read to return, at most (a Scan: the table's), and their average bytes. */
  readonly estimatedItems: number;
  readonly itemBytes: number;
  /** ms from the read's start to its first and its last response; null: none came. */
  readonly firstMs: number | null;
  readonly lastMs: number | null;
  /** A top-N's key read after it, timed from the Scan's last response. */
  readonly keyFetch?: { readonly firstMs: number | null; readonly lastMs: number | null };
}

/** What the JSON shows besides the plan: each scan's figures, and with ANALYZE the statement's times and rows. */
export interface ExplainFigures {
  readonly scan: (scan: ScanPlan) => ScanFigures | undefined;
  readonly planningMs?: number;
  readonly executionMs?: number;
  /** The rows the statement returned. */
  readonly rows?: number;
}

/** What EXPLAIN's options ask the tree to show (explain-options.ts reads them as Postgres does). */
export interface TreeOptions {
  readonly analyzed: boolean;
  readonly verbose: boolean;
  /** COSTS: each node's estimate (default on). */
  readonly costs?: boolean;
  /** TIMING: with ANALYZE each node's times (default on). */
  readonly timing?: boolean;
  /** SUMMARY: the document's "Planning Time", and with ANALYZE "Execution Time" (default: ANALYZE's). */
  readonly summary?: boolean;
  readonly figures?: ExplainFigures;
}
type Options = TreeOptions;

/** One plan as Postgres's EXPLAIN gives it in its structured formats: "Plan", then the statement's figures. */
export type ExplainDocument = Record<string, unknown>;

/** A node's estimate: costs in RCU (cumulative over its children, as Postgres's), rows and width; null: not known. */
interface Estimate {
  readonly startup: number | null;
  readonly total: number | null;
  readonly rows: number | null;
  readonly width: number | null;
}

/** A node's run under ANALYZE: ms to its first and last row, its rows, how many times it ran (0: never). */
interface Actual {
  readonly startup: number | null;
  readonly total: number | null;
  readonly rows: number | null;
  readonly loops: number;
}

/** A node as it is built: its JSON, its estimate and its run (for its parent's). */
interface Built {
  readonly node: Node;
  readonly estimate: Estimate;
  readonly actual: Actual | null;
}

/**
 * A plan as Postgres's structured EXPLAIN formats give it (JSON, XML and YAML serialise this one
 * tree: explain-formats.ts) — an object whose "Plan" is the root node and whose nodes nest under "Plans", each with Postgres's
 * keys — so that clients that draw Postgres's JSON plans (pgAdmin, DBeaver, explain visualisers) read
 * it. Each DynamoDB read is a "Foreign Scan" node carrying what the text format says of it
 * (explain-text.ts), under the same names where Postgres has one ("Filter" is the local filter,
 * "Actual Rows" the items returned); its "Total Cost" is its Estimated RCU (null where the text says
 * unknown), "Plan Rows" the items the planner expects it to return at most, "Plan Width" their average
 * bytes. A node's costs include its children's, as Postgres's do:
 *   [{ "Plan": { "Node Type": "Foreign Scan", "Operation": "Select", "Parallel Aware": false,
 *       "Async Capable": false, "Relation Name": "public.users", "Alias": "u", "Startup Cost": 0,
 *       "Total Cost": 0.5, "Plan Rows": 1, "Plan Width": 120, "DynamoDB Operation": "GetItem",
 *       "Key Condition": "user_id = 'u1'", "Estimated RCU": 0.5, ... }, "Execution": "rows-from-items (...)" }]
 * A write is a "ModifyTable" node over its reads; two reads or more sit under the engine's "Hash
 * Join" when it joins them — the read it probes with "Outer", a "Hash" of the read it builds on (the
 * one with fewer items: expected, or with ANALYZE returned) "Inner" — else under a "Result" (the host
 * evaluates over what they read). ANALYZE adds each node's "Actual Startup Time", "Actual Total
 * Time" (ms), "Actual Rows" and "Actual Loops", and the document's "Planning Time", "Triggers" and
 * "Execution Time". COSTS off drops the estimates, TIMING off the times, SUMMARY the document's times,
 * as in Postgres.
 */
export function explainTree(plan: Plan, options: Options): ExplainDocument {
  const scans = plan.scans.map((s) => scanNode(s, options));
  const w = plan.write;
  const reads = readsNode(plan, scans, options, !w);
  const f = options.figures;
  const root: Node = w
    ? writeNode(plan, reads, options).node
    : (reads?.node ??
      head('Result', {}, { startup: 0, total: 0, rows: null, width: null }, rootRun(options)));
  hideOptedOut(root, options);
  const summary = options.summary ?? options.analyzed;
  return {
    Plan: root,
    ...(summary && { 'Planning Time': ms(f?.planningMs ?? null) }),
    ...(options.analyzed && { Triggers: [] }),
    ...(summary && options.analyzed && { 'Execution Time': ms(f?.executionMs ?? null) }),
    ...(plan.engineEvaluation && { 'Engine Evaluation': plan.engineEvaluation }),
    ...(plan.shape && { Execution: `${plan.shape} (${shapeText(plan)})` }),
  };
}

/** The reads: one alone, else the engine's Hash Join or the host's Result over them. */
function readsNode(plan: Plan, scans: readonly Built[], options: Options, isRoot: boolean): Built | null {
  if (scans.length === 0) return null;
  if (scans.length === 1 && !plan.engineJoin) return scans[0]!;
  if (!plan.engineJoin)
    return combined(
      'Result',
      {},
      scans.map((s) => ['Member', s] as const),
      options,
      isRoot,
    );
  // The engine builds its hash table on the read with fewer items (run/direct-join.ts), probes with the other.
  const [a, b] = scans as [Built, Built];
  const items = (s: Built) => (options.analyzed ? s.actual?.rows : s.estimate.rows) ?? Infinity;
  const [probe, build] = items(a) <= items(b) ? [b, a] : [a, b];
  const hash: Built = {
    node: head(
      'Hash',
      {},
      { ...build.estimate, startup: build.estimate.total },
      build.actual && {
        ...build.actual,
        startup: build.actual.total,
      },
    ),
    estimate: { ...build.estimate, startup: build.estimate.total },
    actual: build.actual,
  };
  hash.node.Plans = [child('Outer', build.node)];
  return combined(
    'Hash Join',
    { 'Join Type': 'Inner' },
    [
      ['Outer', probe],
      ['Inner', hash],
    ],
    options,
    isRoot,
    { 'Inner Unique': false, 'Hash Cond': `(${plan.engineJoin})`, 'In Engine': true },
  );
}

/**
 * A node of the engine's or the host's over reads that are all read before it answers: its costs
 * their sum, rows and width not estimated; under ANALYZE its first row once they are read, its last at
 * the statement's end when it is the root.
 */
function combined(
  type: string,
  lead: Node,
  children: readonly (readonly [string, Built])[],
  options: Options,
  isRoot: boolean,
  rest: Node = {},
): Built {
  const total = sum(children.map(([, c]) => c.estimate.total));
  const estimate: Estimate = { startup: total, total, rows: null, width: null };
  const read = sum(children.map(([, c]) => c.actual?.total ?? null));
  const actual: Actual | null = !options.analyzed
    ? null
    : isRoot
      ? { ...rootRun(options)!, startup: read }
      : { startup: read, total: read, rows: null, loops: 1 };
  const node = head(type, lead, estimate, actual);
  Object.assign(node, rest, { Plans: children.map(([relationship, c]) => child(relationship, c.node)) });
  return { node, estimate, actual };
}

function writeNode(plan: Plan, reads: Built | null, options: Options): Built {
  const w = plan.write!;
  // As Postgres's: a write's row estimate is 0 (no RETURNING known here), its cost its reads'.
  const estimate: Estimate = { startup: 0, total: reads ? reads.estimate.total : 0, rows: 0, width: 0 };
  const actual = rootRun(options);
  const node = head(
    'ModifyTable',
    {
      Operation: { PutItem: 'Insert', BatchWriteItem: 'Insert', UpdateItem: 'Update', DeleteItem: 'Delete' }[
        w.operation
      ],
      'Relation Name': w.relation,
      Alias: w.relation,
    },
    estimate,
    actual,
  );
  Object.assign(node, {
    'DynamoDB Operation': w.operation,
    'DynamoDB Table': w.table,
    ...(w.condition && { 'DynamoDB Condition': w.condition }),
    Atomic: w.atomic ?? false,
    ...(w.estimatedWcu !== undefined && { 'Estimated WCU': w.estimatedWcu }),
    ...(w.rateLimit && { 'Rate Limit WCU Per Second': w.rateLimit.wcuPerSecond }),
    ...(options.analyzed &&
      (w.atomic
        ? { 'Items Held': w.itemsWritten }
        : { 'Actual WCU': w.consumedWcu, 'Items Written': w.itemsWritten, Requests: w.requests })),
    ...(reads && { Plans: [child('Outer', reads.node)] }),
  });
  return { node, estimate, actual };
}

function scanNode(s: ScanPlan, options: Options): Built {
  const joins = new Set(s.joinConditions ?? []);
  const local = s.residual.filter((r) => !joins.has(r));
  const input = s.request.input as { Select?: string; ScanIndexForward?: boolean };
  const figures = options.figures?.scan(s);
  const f = s.keyFetch;
  const fetch = f && keyFetchNode(s, figures, options);
  // Where the text says `Estimated RCU: unknown` (no statistics), no cost or row estimate either; a
  // read by key has both (its keys), but no item size but an assumed one.
  const known = s.estimatedRcu !== null;
  const items = figures && known ? Math.min(figures.estimatedItems, s.limit ?? Infinity) : null;
  const width = itemWidth(s, figures);
  const own: Estimate = { startup: known ? 0 : null, total: s.estimatedRcu, rows: items, width };
  const estimate: Estimate = fetch ? { ...own, total: sum([own.total, fetch.estimate.total]) } : own;
  const actual = readRun(options, s.pages, figures, s.returnedCount, fetch?.actual?.total ?? 0);
  const node = foreignScan(s, estimate, actual, {
    'DynamoDB Operation': s.operation,
    'DynamoDB Table': s.table,
    ...(s.index && { 'Index Name': s.index }),
    Server: s.server,
    Identity: s.identity,
    ...(s.keyConditionText && { 'Key Condition': s.keyConditionText }),
    ...(s.filterText && { 'DynamoDB Filter': s.filterText }),
    ...(local.length > 0 && { Filter: local.join(' AND ') }),
    ...(joins.size > 0 && { 'Join Filter': [...joins].join(' AND ') }),
    ...(input.Select === 'COUNT' ? { Select: 'COUNT' } : { Projection: s.projection ?? 'all attributes' }),
    ...(input.ScanIndexForward === false && { 'Scan Direction': 'Backward' }),
    ...(s.limit !== null && { Limit: s.limit }),
    ...(s.consistentRead && { 'Consistent Read': true }),
    ...(s.keyCount !== null && s.keyCount > 1 && { Keys: s.keyCount }),
    ...(s.partitionCount !== null && s.partitionCount > 1 && { Queries: s.partitionCount }),
    ...(s.segments !== null && s.segments > 1 && { 'Parallel Segments': s.segments }),
    ...(s.fetchBack && { 'Fetch Back': true }),
    'Estimated RCU': s.estimatedRcu,
    ...(s.estimatedRcuRange && { 'Estimated RCU Range': s.estimatedRcuRange }),
    'Estimate Basis': s.estimateBasis,
    'Estimate Note': s.estimateNote,
    ...(!!s.samplingRcu && { 'Sampling RCU': s.samplingRcu }),
    ...(s.rateLimit && { 'Rate Limit RCU Per Second': s.rateLimit.rcuPerSecond }),
    ...(s.alternatives.length > 0 && {
      Rejected: s.alternatives.map((a) => ({
        'DynamoDB Operation': a.operation,
        ...(a.index && { 'Index Name': a.index }),
        'Estimated RCU': a.estimatedRcu,
      })),
    }),
    ...(options.verbose && {
      'DynamoDB Request': { Operation: s.request.operation, Input: s.request.input },
    }),
    ...(options.analyzed && {
      'Actual RCU': s.consumedRcu ?? 0,
      'Items Scanned': s.scannedCount ?? 0,
      Requests: s.pages,
    }),
    ...(fetch && { Plans: [child('Outer', fetch.node)] }),
    ...(s.keyFetchDeclined && { 'Reads Keys Then Fetches': `not chosen — ${s.keyFetchDeclined.reason}` }),
  });
  return { node, estimate, actual };
}

/** A top-N's key read of the items it kept, under its Scan: their rows, at most its keys. */
function keyFetchNode(s: ScanPlan, figures: ScanFigures | undefined, options: Options): Built {
  const f = s.keyFetch!;
  const estimate: Estimate = {
    startup: f.estimatedRcu === null ? null : 0,
    total: f.estimatedRcu,
    rows: f.maxKeys,
    width: itemWidth(s, figures),
  };
  const actual = readRun(options, f.requests, figures?.keyFetch, f.returnedCount);
  const node = foreignScan(s, estimate, actual, {
    'DynamoDB Operation': f.operation,
    'DynamoDB Table': s.table,
    'Kept Keys': f.maxKeys,
    Projection: f.projection ?? 'all attributes',
    'Estimated RCU': f.estimatedRcu,
    ...(options.analyzed && { 'Actual RCU': f.consumedRcu ?? 0, Requests: f.requests }),
  });
  return { node, estimate, actual };
}

/** A "Foreign Scan" node of `s`'s relation: Postgres's keys, then `rest`. */
function foreignScan(s: ScanPlan, estimate: Estimate, actual: Actual | null, rest: Node): Node {
  const lead = { Operation: 'Select', 'Relation Name': s.relation, Alias: s.alias ?? s.relation };
  return { ...head('Foreign Scan', lead, estimate, actual), ...rest };
}

/**
 * A read's run under ANALYZE: ms to its first and last response (and `after`, the key read after it),
 * its items; one that sent no request never ran (loops 0), as Postgres says of a node never executed.
 */
function readRun(
  options: Options,
  requests: number,
  times: { readonly firstMs: number | null; readonly lastMs: number | null } | undefined,
  items: number | null,
  after = 0,
): Actual | null {
  if (!options.analyzed) return null;
  const rows = items ?? 0;
  if (!requests) return { startup: 0, total: 0, rows, loops: 0 };
  return { startup: times?.firstMs ?? null, total: sum([times?.lastMs ?? null, after]), rows, loops: 1 };
}

/** An item's average bytes as the estimate knew them (not assumed: the table's statistics). */
const itemWidth = (s: ScanPlan, figures: ScanFigures | undefined): number | null =>
  figures && s.estimateBasis !== 'unknown' ? Math.round(figures.itemBytes) : null;

/** The root's run under ANALYZE: from the statement's start to its end, the rows it returned. */
function rootRun(options: Options): Actual | null {
  if (!options.analyzed) return null;
  const total = options.figures?.executionMs ?? null;
  return { startup: total, total, rows: options.figures?.rows ?? null, loops: 1 };
}

/** COSTS off: no node's estimate; TIMING off: no node's times under ANALYZE, as Postgres leaves them out. */
function hideOptedOut(node: Node, options: Options): void {
  const hidden = [
    ...(options.costs === false ? ['Startup Cost', 'Total Cost', 'Plan Rows', 'Plan Width'] : []),
    ...(options.timing === false ? ['Actual Startup Time', 'Actual Total Time'] : []),
  ];
  if (hidden.length === 0) return;
  for (const key of hidden) delete node[key];
  for (const child of (node.Plans as Node[] | undefined) ?? []) hideOptedOut(child, options);
}

/** A node's keys as Postgres orders them: its type (and operation), then the keys every node has, then `lead`'s. */
function head(type: string, lead: Node, estimate: Estimate, actual: Actual | null): Node {
  const { Operation, ...rest } = lead;
  return {
    'Node Type': type,
    ...(Operation !== undefined && { Operation }),
    'Parallel Aware': false,
    'Async Capable': false,
    ...rest,
    'Startup Cost': cost(estimate.startup),
    'Total Cost': cost(estimate.total),
    'Plan Rows': estimate.rows,
    'Plan Width': estimate.width,
    ...(actual && {
      'Actual Startup Time': ms(actual.startup),
      'Actual Total Time': ms(actual.total),
      'Actual Rows': actual.rows,
      'Actual Loops': actual.loops,
    }),
    // PostgreSQL 18 says whether an enable_* setting disabled the node: none of these can be.
    Disabled: false,
  };
}

/** A node under its parent, "Parent Relationship" after its type and operation, as Postgres places it. */
function child(relationship: string, node: Node): Node {
  const { 'Node Type': type, Operation, ...rest } = node;
  return {
    'Node Type': type,
    ...(Operation !== undefined && { Operation }),
    'Parent Relationship': relationship,
    ...rest,
  };
}

const sum = (values: readonly (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0);
/** Costs to two decimals and times to three, as Postgres prints them. */
const cost = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);
const ms = (n: number | null): number | null => (n === null ? null : Math.round(n * 1000) / 1000);

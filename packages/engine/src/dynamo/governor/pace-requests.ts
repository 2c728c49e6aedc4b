import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cancelledError } from '../../errors';
import { isLoopbackHost, readCap } from '../../util/fair-share';
import { governorScope, type GovernorScope } from './governor-scope';
import type { RateBudget } from './rate-budget';
import {
  PACED_OPERATIONS,
  REQUEST_SHARE,
  consumedUnits,
  estimateCost,
  batchWriteUnits,
  learn,
  pageLimit,
  requestTable,
  type BatchWriteRequest,
  type CapacityKind,
} from './request-cost';
import { sharedLimit, tableOfKey, tableState } from './table-limits';
import { reasonOf, type SharedTableBudgets } from './shared-budgets';

type Input = Record<string, unknown>;
type Handler = (args: { input: object }) => Promise<{ output: unknown }>;
/** The part of the SDK's middleware stack used here (its own types are a transitive dependency's). */
interface InitializeStack {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
}

/**
 * Paces every read and write a client sends (the one place the governor acts): an SDK middleware
 * before the retries, so a request waits for its budgets once however often it is retried.
 *   Scan of `events` under `SET dynascope.max_rcu_per_second = 20`, items ~200 B
 *   → { ..., Limit: 163, ReturnConsumedCapacity: 'TOTAL' }, sent once the session's and the table's
 *     budgets are paid up, its ConsumedCapacity then settled against both.
 * `serverKey` is tableKey's prefix for the client's server (table-limits.ts). `revoked`: a revocable
 * client's (client-cache.ts), aborted when its keys are taken back; a request waiting then is refused
 * at once with its reason (55000), not after its wait. `shared`: on a PostgreSQL host, where the
 * budgets of tables' limits are kept for every API process on it (shared-budgets.ts).
 */
export function paceRequests(
  client: DynamoDBClient,
  serverKey: (table: string) => string,
  options: { readonly revoked?: AbortSignal; readonly shared?: SharedTableBudgets } = {},
): void {
  const middleware =
    (next: Handler, context: { commandName?: string }): Handler =>
    async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const kind = PACED_OPERATIONS[operation];
      const table = requestTable(args.input as Input);
      if (!kind || table === undefined) return next(args);
      return paced(
        serverKey(table),
        operation,
        kind,
        args.input as Input,
        servesInTurn(client),
        options,
        (input) => next({ ...args, input }),
      );
    };
  serverKeys.set(client, serverKey);
  learnEndpoint(client);
  (client.middlewareStack as unknown as InitializeStack).add(middleware, {
    step: 'initialize',
    name: 'dynascopeGovernor',
    override: true,
  });
}

interface Budget {
  readonly budget: RateBudget;
  readonly rate: number;
  /** A table's limit (its options'), whose budget a PostgreSQL host keeps too (shared-budgets.ts). */
  readonly table?: { readonly key: string; readonly kind: CapacityKind };
}

/** Sizes, waits for, sends and settles one request (see paceRequests). */
async function paced<T extends { output: unknown }>(
  key: string,
  operation: string,
  kind: CapacityKind,
  given: Input,
  inTurn: boolean,
  options: { readonly revoked?: AbortSignal; readonly shared?: SharedTableBudgets },
  send: (input: Input) => Promise<T>,
): Promise<T> {
  const scope = governorScope();
  if (scope?.invalid) throw scope.invalid;
  scope?.statement.check(kind);
  const state = tableState(key);
  const budgets = budgetsFor(scope, state, key, kind);
  let input: Input = given.ReturnConsumedCapacity ? given : { ...given, ReturnConsumedCapacity: 'TOTAL' };
  // A page sized for the budgets, and smaller on an emulator here or while other sessions are at work (util/fair-share.ts).
  const turn = readCap(inTurn, largeTables.has(key));
  const cap = turn ? Math.min(requestCap(budgets) ?? Infinity, turn.pageRcu) : requestCap(budgets);
  if (cap !== null && (operation === 'Scan' || operation === 'Query')) {
    const limit = pageLimit(cap, state.sizes.readBytes, input.ConsistentRead === true);
    if (typeof input.Limit !== 'number' || input.Limit > limit) input = { ...input, Limit: limit };
  }
  const estimate = budgets.length ? estimateCost(operation, input, state.sizes) : 0;
  let onHost: Budget | undefined;
  if (budgets.length) {
    onHost = await acquire(budgets, estimate, scope?.signal, options);
    // Another request of the statement may have gone over its maximum while this one waited.
    scope?.statement.check(kind);
  }
  const out = await send(input);
  const output = out.output as Record<string, unknown>;
  if (cutAtOnePage(input, output)) largeTables.add(key);
  const consumed = consumedUnits(output);
  for (const b of budgets) b.budget.settle(consumed - estimate, b.rate);
  // A failed settle leaves the host's budget at the estimate.
  if (onHost)
    void options
      .shared!.settle(onHost.table!.key, onHost.table!.kind, consumed - estimate, onHost.rate)
      .catch(() => undefined);
  learn(operation, input, output, state.sizes);
  if (scope) {
    scope.statement.add(kind, consumed);
    // A read past the statement's maximum stops it now; a write was applied, and the next one is refused.
    if (kind === 'read') scope.statement.check(kind);
  }
  return out;
}

/** The session's budget (its setting) and the table's (its options), those that limit this kind. */
function budgetsFor(
  scope: GovernorScope | undefined,
  state: ReturnType<typeof tableState>,
  key: string,
  kind: CapacityKind,
): Budget[] {
  const budgets: Budget[] = [];
  const session = kind === 'read' ? scope?.rcuPerSecond : scope?.wcuPerSecond;
  if (scope && session) budgets.push({ budget: scope.session[kind], rate: session });
  const shared = sharedLimit(key, kind);
  if (shared) budgets.push({ budget: state[kind], rate: shared.perSecond, table: { key, kind } });
  return budgets;
}

/** The most one request may cost: a share of a second at the strictest rate (null: unlimited). */
function requestCap(budgets: readonly Budget[]): number | null {
  return budgets.length ? Math.min(...budgets.map((b) => b.rate * REQUEST_SHARE)) : null;
}

const serverKeys = new WeakMap<DynamoDBClient, (table: string) => string>();

/**
 * How many items one batch request (BatchGetItem, BatchWriteItem) may carry so that it costs no more
 * than one request may at the limits that apply here — `max` when nothing limits it:
 *   BatchWriteItem under 20 WCU/s, puts of ~1 KB → 5 a request (not 25)
 */
export function batchLimit(
  client: DynamoDBClient,
  table: string,
  kind: CapacityKind,
  max: number,
  writes: readonly BatchWriteRequest[] = [],
): number {
  const key = serverKeys.get(client)?.(table);
  if (key === undefined) return max;
  const state = tableState(key);
  const cap = requestCap(budgetsFor(governorScope(), state, key, kind));
  if (cap === null) return max;
  const perItem =
    kind === 'read'
      ? Math.ceil(state.sizes.readBytes / 4096) * 0.5
      : writes.reduce((n: number, w) => n + batchWriteUnits(w, state.sizes), 0) / Math.max(1, writes.length);
  return Math.max(1, Math.min(max, Math.floor(cap / Math.max(perItem, 0.5))));
}

/** Tables (tableKey) a Scan or Query found larger than one page: bounded on an emulator here (readCap). */
const largeTables = new Set<string>();

/** Whether a Scan or Query answer was cut at DynamoDB's 1 MB, not at its Limit: more follows than a page holds. */
function cutAtOnePage(input: Input, output: Record<string, unknown>): boolean {
  if (!output.LastEvaluatedKey) return false;
  return typeof input.Limit !== 'number' || Number(output.ScannedCount ?? 0) < input.Limit;
}

/** Clients whose endpoint is on this machine (an emulator, which serves requests in turn). */
const loopbackClients = new WeakSet<DynamoDBClient>();

/** Whether `client` talks to an emulator on this machine (fair_share `auto` gives way there only). */
function servesInTurn(client: DynamoDBClient): boolean {
  return loopbackClients.has(client);
}

/** Notes once whether the client's configured endpoint is a loopback address (a region's never is). */
function learnEndpoint(client: DynamoDBClient): void {
  const config = client.config as {
    isCustomEndpoint?: boolean;
    endpoint?: () => Promise<{ hostname?: string }>;
  };
  if (!config.isCustomEndpoint || !config.endpoint) return;
  void config
    .endpoint()
    .then((e) => {
      if (e.hostname && isLoopbackHost(e.hostname)) loopbackClients.add(client);
    })
    .catch(() => undefined);
}

/**
 * How many requests of a parallel Scan to keep in flight: `max`, or 2 when a rate limit applies — the
 * budget sends one at a time anyway, and one more in flight covers the answer's latency; on an
 * emulator here 2 for a table larger than a page (util/fair-share.ts TURN_IN_FLIGHT), and 1 while other sessions are at work and the
 * statement gives way on this client, so theirs wait for one small page at most.
 */
export function segmentsInFlight(client: DynamoDBClient, table: string, given: number): number {
  const key = serverKeys.get(client)?.(table);
  const turn = readCap(servesInTurn(client), key !== undefined && largeTables.has(key));
  const max = Math.min(given, turn?.inFlight ?? given);
  if (key === undefined) return max;
  const limited = budgetsFor(governorScope(), tableState(key), key, 'read').length > 0;
  return limited ? Math.min(max, 2) : max;
}

/**
 * Waits until every budget is paid up, then takes the estimate from each at once; the table's limit,
 * when a host keeps its budget too (`shared`: every API process on it), from the host's as well, once
 * the process's are paid up. Returns that budget when the host took it (the request settles there
 * too). The statement's `signal` ends the wait as a cancel; `revoked` (paceRequests) with its own
 * reason. A host that cannot be reached leaves the process's budgets, as without one.
 */
async function acquire(
  budgets: readonly Budget[],
  estimate: number,
  signal: AbortSignal | undefined,
  options: { readonly revoked?: AbortSignal; readonly shared?: SharedTableBudgets },
): Promise<Budget | undefined> {
  const { revoked, shared } = options;
  let onHost = shared && budgets.find((b) => b.table);
  for (;;) {
    if (revoked?.aborted) throw revoked.reason;
    if (signal?.aborted) throw cancelledError();
    let wait = Math.max(...budgets.map((b) => b.budget.waitMs(Date.now())));
    if (wait <= 0 && onHost) {
      const hostWait = await takeOnHost(shared!, onHost, estimate, [signal, revoked]);
      if (hostWait === 'stopped') continue;
      if (typeof hostWait === 'number') wait = hostWait;
      else {
        heldHere(onHost, hostWait.failed);
        onHost = undefined;
      }
    }
    if (wait <= 0) {
      const now = Date.now();
      for (const b of budgets) b.budget.take(estimate, b.rate, now);
      return onHost;
    }
    await sleep(wait, [signal, revoked]);
  }
}

/**
 * The host's answer to a take of `budget`'s table (the wait before the request may be sent; 0: taken),
 * `failed` when it could not give one, or `stopped` when a cancel or revocation came first: the request
 * is refused then, not after the host answers (a take waits up to its timeouts, ~4 s, for a host that
 * does not answer). A take the host then makes anyway is given back.
 */
async function takeOnHost(
  shared: SharedTableBudgets,
  budget: Budget,
  estimate: number,
  signals: readonly (AbortSignal | undefined)[],
): Promise<number | { failed: unknown } | 'stopped'> {
  const { key, kind } = budget.table!;
  const taking = shared.take(key, kind, estimate, budget.rate).then(
    (wait) => wait,
    (failed: unknown) => ({ failed }),
  );
  let stop = () => undefined as void;
  const stopped = new Promise<'stopped'>((resolve) => (stop = () => resolve('stopped')));
  const unlisten = onAbort(signals, stop);
  const first = await Promise.race([taking, stopped]).finally(unlisten);
  if (first === 'stopped')
    void taking.then((wait) =>
      wait === 0 ? shared.settle(key, kind, -estimate, budget.rate).catch(() => undefined) : undefined,
    );
  return first;
}

/**
 * A table's limit the host's budget did not take: the statement hears that the limit held in this
 * process only (once a statement), with the host's reason.
 */
function heldHere(budget: Budget, failed: unknown): void {
  const notices = governorScope()?.notices;
  const { key, kind } = budget.table!;
  const table = tableOfKey(key);
  const unit = kind === 'read' ? 'RCU' : 'WCU';
  const notice = `the limit of ${budget.rate} ${unit}/s on DynamoDB table "${table}" held in this API process only: the host did not take its shared budget (${reasonOf(failed)})`;
  if (notices && !notices.includes(notice)) notices.push(notice);
}

/**
 * Calls `fn` once the first of `signals` aborts (at once if one has: its event is past); returns what
 * stops listening (each listened to, then let go: no AbortSignal.any made per wait).
 */
function onAbort(signals: readonly (AbortSignal | undefined)[], fn: () => void): () => void {
  const unlisten = () => {
    for (const s of signals) s?.removeEventListener('abort', done);
  };
  const done = () => {
    unlisten();
    fn();
  };
  if (signals.some((s) => s?.aborted)) done();
  else for (const s of signals) s?.addEventListener('abort', done, { once: true });
  return unlisten;
}

/** `ms`, or until one of `signals` aborts. */
function sleep(ms: number, signals: readonly (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      unlisten();
      resolve();
    }, ms);
    const unlisten = onAbort(signals, () => {
      clearTimeout(t);
      resolve();
    });
  });
}

import type { Perf } from 'lru-cache';
import { StartupSettings } from './startup-settings';
import { as, kindOf, names, walk } from '../parse/ast';
import { memoByNode } from '../parse/node-memo';
import type { SessionView } from '../run/context';
import { NamedStatements } from '../run/named-statements';
import { releaseHostNames } from '../run/host-names';
import type { Host } from '../host/host';
import { Cursors } from './cursors';
import { CatalogChanges } from './catalog-changes';
import { declaredPlanCache, epochState, FreshSessions, settingsOf, type EpochState } from './fresh-sessions';
import type { TableCache } from './table-cache';
import type { SessionSettings } from './settings';
import { TempTables } from './temp-tables';
import { TempOwners } from './temp-owners';
import { createdTempObjects } from './created-temp-objects';
import { userCodeMaySet } from './user-code-sets';
import { ForeignTransaction } from '../txn/foreign-transaction';
import type { ImplicitBlock } from '../txn/implicit-block';
import { recheckLimits } from '../dynamo/governor/table-limits';

export interface SessionOptions {
  /** How long an idle cursor lives (default 10 minutes). */
  readonly cursorTtlMs?: number;
  /** How many open cursors at most; the least recently used is closed beyond it (default 32). */
  readonly maxCursors?: number;
  /** The clock cursor idle time is measured on (tests). */
  readonly clock?: Perf;
  /** Names this session's pooled temp tables apart from other sessions' (`__ds_<prefix>1`). */
  readonly tempPrefix?: string;
  /** The set its custom settings' names are kept in (the one its host was given: host-connections.ts). */
  readonly customSettings?: Set<string>;
  /** What it shares with the other sessions while it has changed nothing (the engine's; its own by default). */
  readonly fresh?: FreshSessions;
  /** The engine's count of catalog changes by any session (its own by default). */
  readonly catalog?: CatalogChanges;
  /**
   * Whether its host is a turn on a connection other sessions share (PGlite; HostConnections
   * exclusiveBlocks): what DISCARD ALL cannot scope to the session there it leaves (run/discard-all.ts).
   */
  readonly sharedConnection?: boolean;
  /**
   * Which session made each temp object on the connection it shares with the others (the engine's,
   * given on PGlite): its own are dropped when it ends, and other sessions' DISCARD TEMP leaves them.
   */
  readonly tempOwners?: TempOwners;
}

/** Statements that cannot change what a name resolves to, the search_path or a setting. */
const CATALOG_STABLE = new Set([
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'ExplainStmt',
  'VariableShowStmt',
  // A PREPARE only plans its query (a user function it calls is seen as for the query itself);
  // DEALLOCATE lets a plan go.
  'PrepareStmt',
  'DeallocateStmt',
]);

/**
 * Statements besides those that change no name (CATALOG_STABLE) that run no DDL of their own: after
 * them the foreign tables' throughput limits are not checked against the catalog (afterStatement).
 */
const NO_DDL = new Set(['VariableSetStmt', 'FetchStmt', 'ClosePortalStmt', 'CopyStmt']);

/**
 * What one client keeps between statements: its cursors, the caches that depend on its catalog view
 * and settings, and its pooled temp tables. Every statement that may change the catalog, search_path
 * or settings starts a new catalog epoch; what was cached in an older epoch is not used again. In its
 * first epoch (nothing changed yet) it shares those caches with the other sessions in theirs
 * (fresh-sessions.ts), and any session's statement that may change the catalog renews them.
 *
 *   const session = new Session(host, new TableCache());
 *   await session.beforeStatement('CreateStmt');   // epoch 1: relations, plans, settings looked up anew
 */
export class Session {
  readonly cursors: Cursors;
  readonly temps = new TempTables(() => this.nextTempName());
  /**
   * PREPAREd statements and DECLAREd cursors over foreign tables; the names of its statements the
   * host keeps (`__dsp_<prefix>1`), and its host cursors WITH HOLD.
   */
  readonly named: NamedStatements;
  /** What a wire client set at start-up: what RESET goes back to (startup-settings.ts). */
  readonly startup = new StartupSettings();
  /** Its writes to foreign tables held for COMMIT while a transaction block is open (src/txn/). */
  readonly transaction = new ForeignTransaction();
  /** The implicit block of the extended-protocol pipeline its Executes run in, till Sync (txn/implicit-block.ts). */
  pipeline: ImplicitBlock | null = null;
  private epochNumber = 0;
  private state: EpochState = epochState(0);
  private readonly fresh: FreshSessions;
  /** Whether `fresh` is shared with other sessions (PGlite), whose changes renew it themselves. */
  private readonly sharedFresh: boolean;
  private readonly catalog: CatalogChanges;
  /** Whether a function may SET unseen, as asked in a catalog generation (see userCodeMaySet). */
  private userSets: { readonly generation: number; readonly answer: Promise<boolean> } | undefined;
  /** The catalog generation its cached lookups were made in. */
  private generation: number;
  private tempCounter = 0;
  /** The running statement calls a user-defined function (see beforeStatement). */
  private userCall = false;
  /** The kind of statement running (an engine-kept EXECUTE's: its query's, kindRun). */
  private runningKind: string | undefined;
  /** The custom settings (`dynascope.*`, ...) it SET: pg_settings does not list them. */
  readonly customSettings: Set<string>;
  private readonly tempPrefix: string;
  private readonly tempOwners: TempOwners | undefined;
  /** The temp objects the running statement may create, and the keys of those names before it ran. */
  private creating: { readonly names: readonly string[]; readonly before: ReadonlySet<string> } | null = null;

  /** `host`: the session's own (host-connections.ts): its settings, its transaction block. */
  constructor(
    readonly host: Host,
    private readonly tables: TableCache,
    options: SessionOptions = {},
  ) {
    this.tempPrefix = options.tempPrefix ?? '';
    this.tempOwners = options.tempOwners;
    this.named = new NamedStatements({
      prefix: this.tempPrefix,
      sharedConnection: options.sharedConnection ?? false,
    });
    this.customSettings = options.customSettings ?? new Set();
    this.fresh = options.fresh ?? new FreshSessions();
    this.sharedFresh = options.fresh !== undefined;
    this.catalog = options.catalog ?? new CatalogChanges();
    this.generation = this.catalog.generation;
    this.cursors = new Cursors({
      ttlMs: options.cursorTtlMs ?? 10 * 60_000,
      max: options.maxCursors ?? 32,
      ...(options.clock && { clock: options.clock }),
    });
  }

  /** The catalog epoch: bumped by every statement that may change the catalog, search_path or settings. */
  get epoch(): number {
    return this.epochNumber;
  }

  /**
   * Called before a statement runs, with its parse node's kind. One that may change what cached
   * lookups depend on starts a new epoch and drops the free pooled temp tables (`DISCARD TEMP` and
   * the like may have changed what they mean).
   */
  async beforeStatement(given: string | undefined, node?: unknown): Promise<void> {
    const kind = (this.runningKind = this.kindRun(given, node));
    if (this.tempOwners) await this.beforeCreating(node);
    // Outside a transaction block nothing is held (a block ended without COMMIT/ROLLBACK reaching it).
    if (!this.host.inTransaction()) this.transaction.reset();
    // A user-defined function may SET or run DDL in its body: what it changes is seen from the next statement on.
    this.userCall =
      node !== undefined &&
      CATALOG_STABLE.has(kind ?? '') &&
      (await this.callsUserFunction(this.nodeRun(node)));
    if (CATALOG_STABLE.has(kind ?? '')) return;
    this.nextEpoch(kind);
    await this.temps.clear(this.host);
  }

  /** Called when a statement failed: inside a transaction block that aborts the block, as in Postgres (txn/). */
  statementFailed(): void {
    if (this.host.inTransaction()) this.transaction.failed = true;
  }

  /**
   * Called after a statement ran or failed: what it looked up while changing the catalog is not kept.
   * `fromItems`: it was answered from DynamoDB's items alone (fresh-sessions.ts answeredFromItems).
   * Otherwise the host ran part of it, and user code reached through a view, a trigger or a default
   * may have changed the catalog or this session's settings unseen in its text: the sessions that
   * changed nothing look everything up anew, and this one no longer counts among them.
   * After a statement that may have run DDL, it resolves once the foreign tables' throughput limits
   * were checked against the catalog (engine.ts waits for it: its `.finally` returns this promise).
   */
  async afterStatement(given: string | undefined, fromItems = false): Promise<void> {
    if (this.creating) await this.afterCreating();
    const kind = given === 'ExecuteStmt' ? this.runningKind : given;
    const mayRunDdl = (!CATALOG_STABLE.has(kind ?? '') && !NO_DDL.has(kind ?? '')) || this.userCall;
    if (!CATALOG_STABLE.has(kind ?? '') || this.userCall) this.nextEpoch(kind);
    else if (!fromItems) {
      // Its own lookups, settings among them, are made anew too when a function of the user's may SET.
      if (this.epochNumber === 0 || (await this.userCodeMaySet())) this.epochNumber++;
      this.fresh.changed();
    }
    this.userCall = false;
    // The throughput limits of foreign tables dropped or changed no longer hold (table-limits.ts
    // recheckLimits): checked once the change is committed, outside a transaction block (a ROLLBACK
    // keeps them). DDL unseen in a statement's text (a view's or a trigger's function), and a check
    // that failed (the host gone), are caught by the next statement that may run DDL.
    if (mayRunDdl && !this.host.inTransaction()) await recheckLimits(this.host).catch(() => undefined);
  }

  /** A new catalog epoch; the sessions that changed nothing look everything up anew too, unless only a setting of this one's changed. */
  private nextEpoch(kind: string | undefined): void {
    this.epochNumber++;
    if (kind !== 'VariableSetStmt' || this.userCall) this.fresh.changed();
    // Other sessions look their names up anew only after what may run DDL (not a FETCH, a CLOSE).
    if (!NO_DDL.has(kind ?? '') || this.userCall) this.catalog.changed();
  }

  /**
   * The statement an EXECUTE runs, of a statement the engine keeps or one the host keeps for the
   * session (run/named-statements.ts; its PREPARE's query): its prepared query's kind and node, which
   * are what may change the catalog (a SELECT: nothing of its own), not the EXECUTE's — that began a
   * catalog epoch each time, and looked every name up again. An EXECUTE of a name the session does
   * not know stays an ExecuteStmt (it fails).
   *   `execute q('c1')` of `prepare q (text) as select * from orders where id = $1` → SelectStmt
   */
  private kindRun(kind: string | undefined, node: unknown): string | undefined {
    const run = this.nodeRun(node);
    return run === node ? kind : kindOf(run);
  }

  /** The statement `node` runs: of an EXECUTE, its prepared query's (see kindRun), else itself. */
  nodeRun(node: unknown): unknown {
    const name = as(node, 'ExecuteStmt')?.name;
    if (name === undefined) return node;
    return this.named.preparedText(name)?.node ?? this.named.hostKeptQuery(name) ?? node;
  }

  /**
   * Whether a function may SET unseen (user-code-sets.ts), asked once in each catalog generation (a
   * CREATE FUNCTION, in any session, begins a new one). A failed read says yes, and is asked again.
   */
  private userCodeMaySet(): Promise<boolean> {
    const generation = this.catalog.generation;
    if (this.userSets?.generation !== generation)
      this.userSets = {
        generation,
        answer: userCodeMaySet(this.host).catch(() => {
          this.userSets = undefined;
          return true;
        }),
      };
    return this.userSets.answer;
  }

  /** Whether a statement calls a function that is not one of Postgres's own (pg_catalog's). */
  async callsUserFunction(node: unknown): Promise<boolean> {
    const calls = functionNames(node);
    if (!calls.length) return false;
    const builtins = await this.fresh.builtins(this.host);
    return calls.some((n) => (n.length > 1 ? n[0] !== 'pg_catalog' : !builtins.has(n[0]!)));
  }

  /**
   * The session's settings as its next statement reads them — what `view().settings()` gives, without
   * building a statement's view (its table caches and closures) only to read them:
   *   SET statement_timeout = '5s'; select ...  → settings() then: statementTimeoutMs 5000
   */
  settings(): Promise<SessionSettings> {
    return settingsOf(this.current(), this.host);
  }

  /** The session as one statement's planning sees it (DescribeTable results fixed for the statement). */
  view(): SessionView {
    const state = this.current();
    return {
      ...this.tables.forStatement(),
      settings: () => settingsOf(state, this.host),
      defaultCollationIsC: () => this.fresh.defaultCollationIsC(this.host),
      relationCache: state.relations,
      planCache: state.plans,
      declaredPlanCache: (types) => declaredPlanCache(state, types),
      assignmentCasts: state.casts,
      temps: this.temps,
      nextTempName: () => this.nextTempName(),
      otherSessionsTemps: () => this.tempOwners?.others(this) ?? [],
      named: this.named,
      startup: this.startup,
      transaction: this.transaction,
    };
  }

  /**
   * Closes every cursor; what the host keeps for it (prepared statements, cursors WITH HOLD) is given
   * back. On a connection other sessions share, its open block is rolled back and its temp tables
   * dropped, the engine's pooled ones, and the temp objects its statements made (temp-owners.ts), as
   * Postgres drops a session's; on a connection of its own, the connection's end drops them. Without
   * `hostWork` (another session's block is open on the shared connection: engine.ts endSession)
   * nothing is sent to the host.
   */
  async close(hostWork = true): Promise<void> {
    this.transaction.reset();
    if (hostWork) await releaseHostNames(this.host, this.named);
    await this.named.closeAll();
    await this.cursors.closeAll();
    if (!this.tempOwners) return;
    // Another session's block is open on the shared connection: its temp objects are left (no one's).
    if (!hostWork) return this.tempOwners.forget(this);
    // Inside the block, the drops would be undone with it.
    if (this.host.inTransaction()) await this.host.exec('rollback').catch(() => undefined);
    await this.temps.clear(this.host);
    await this.tempOwners.end(this.host, this).catch(() => undefined);
  }

  /** Before a statement that may create temp objects: the keys their names have (another session's). */
  private async beforeCreating(node: unknown): Promise<void> {
    const names = createdTempObjects(this.nodeRun(node));
    this.creating = null;
    if (!names.length) return;
    // In an aborted block the lookup fails as the statement will: nothing is created.
    const before = await this.tempOwners!.existing(this.host, names).catch(() => null);
    if (before) this.creating = { names, before };
  }

  /** After it: the temp objects it created are the session's. */
  private async afterCreating(): Promise<void> {
    const creating = this.creating;
    this.creating = null;
    if (creating)
      await this.tempOwners!.created(this.host, this, creating.names, creating.before).catch(() => undefined);
  }

  private current(): EpochState {
    // Another session may have changed the catalog (catalog-changes.ts): names and plans are looked
    // up anew; this session's settings are its own, kept.
    if (this.generation !== this.catalog.generation) {
      this.generation = this.catalog.generation;
      if (!this.sharedFresh) this.fresh.changed();
      if (this.state.epoch === this.epochNumber)
        this.state = { ...epochState(this.epochNumber), settings: this.state.settings };
    }
    if (this.epochNumber === 0) return this.fresh.current();
    if (this.state.epoch !== this.epochNumber) this.state = epochState(this.epochNumber);
    return this.state;
  }

  private nextTempName(): string {
    return `__ds_${this.tempPrefix}${++this.tempCounter}`;
  }
}

/** The names of the functions a statement calls: `select lower(a), s.f(b)` → [['lower'], ['s', 'f']]. */
const functionNames = memoByNode((node): readonly (readonly string[])[] => {
  const calls: string[][] = [];
  walk(node, (_kind, _fields, n) => {
    const call = as(n, 'FuncCall');
    if (call) calls.push(names(call.funcname));
  });
  return Object.freeze(calls);
});

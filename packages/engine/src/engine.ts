import { CALLER_IDENTITIES_SETTING } from './dynamo/credentials/caller-identities-setting';
import { CLIENT_ENCODING_SETTING } from './host/encoding-policy';
import { bootstrapScript, withBootstrapLock } from './catalog/bootstrap';
import { ClientCache } from './dynamo/client-cache';
import { BlockClients, blockStep } from './dynamo/block-clients';
import { SharedTableBudgets } from './dynamo/governor/shared-budgets';
import { EngineError, SqlState, abortedBlockError, cancelledError } from './errors';
import type { StatementContext } from './run/context';
import { hostError } from './run/host-error';
import { intoOf } from './run/created-rows';
import { changesServerKeys, runStatement } from './run/run-statement';
import { RunStats } from './run/run-stats';
import { DEFAULT_RETRY_BUDGET_MS, retryBudgetFromSetting, withRetryBudget } from './dynamo/retry-budget';
import { StatementProgress } from './run/statement-progress';
import { governed, governedSource, statementScope } from './dynamo/governor/statement-governor';
import { copyDone } from './copy/copy-done';
import { planRcu, type CopyPreview } from '@dynascope/contract';
import { copyPreview } from './copy/copy-preview';
import { copyFrom, copyTo, inputOf, servedCopy, type ServedCopy } from './copy/run-copy';
import type { CopyOutcome, RunQuery } from './copy/run-query';
import { dynamoTableSource } from './dynamo/dynamo-table-source';
import type { TableSource } from './plan/table-source';
import { TypeNames } from './run/type-names';
import type { Host } from './host/host';
import { PGliteHost } from './host/pglite-host';
import type { HostConnections } from './host/host-connections';
import { SharedConnection } from './host/shared-connection';
import { PgConnections } from './host/pg-connections';
import { PgHost } from './host/pg-host';
import { StatementGate } from './session/statement-gate';
import { as, kindOf } from './parse/ast';
import { loadWarmParser, parseScript, parseScriptUntilError, type ParsedStatement } from './parse/parse';
import { hostDataDir } from './host/host-data-dir';
import { ENTER_USER_ROLE, USER_ROLE_SQL } from './host/user-role';
import { quarantineBodies } from './host/quarantine-bodies';
import { scrubKeyOptions } from './host/scrub-key-options';
import { grantSetConfig } from './host/set-config-grant';
import { setConfigNames } from './host/set-config-call';
import { maskSecretsIn, redact, type SecretSpan } from './vault/secret-constants';
import { secretsOfScript } from './vault/execute-secrets';
import { Session } from './session/session';
import { previewScript } from './preview/preview-script';
import { scriptPosition, statementError } from './run/statement-error';
import type { SessionSettings } from './session/settings';
import { TableCache } from './session/table-cache';
import { TempOwners } from './session/temp-owners';
import { bindServerSecrets, catalogBeforeBindings } from './vault/bind-server-secrets';
import { KEEP_LIMITS, mayWrite, type KeepLimits } from './session/kept-rows';
import { answeredFromItems, FreshSessions } from './session/fresh-sessions';
import { CatalogChanges } from './session/catalog-changes';
import { recheckLimits } from './dynamo/governor/table-limits';
import type {
  Column,
  CopyDone,
  CopyFromOptions,
  CopyToOptions,
  EngineErrorInfo,
  ExecuteOptions,
  NextPage,
  QueryMessage,
  ScriptResult,
  StatementResult,
  WritePreviewResult,
} from './types';
import { Mutex } from './util/mutex';
import { FairShare } from './util/fair-share';
import { loadVaultKey } from './vault/vault-key';
import { HolderWrites, vaultHolder } from './vault/holder-writes';
import { Vault } from './vault/vault';
import { runsBeforeAnyQuery } from './txn/transaction-statement';
import { ImplicitBlock } from './txn/implicit-block';
import { callEndsTransaction } from './txn/call-ends-transaction';
import { readCatalog } from './catalog/read-catalog';
import { describeForDesigner, listDynamoTables } from './dynamo/designer';
import { inspectTable } from './dynamo/inspect-table';
import { catalogDdl } from './catalog/catalog-ddl';
import type { DdlTarget, TableInspection } from '@dynascope/contract';
import type { CatalogSnapshot, ServerIdentity, TableDescription } from './types';
import { requireServer } from './catalog/foreign-table';
import { SavedQueryStore } from './saved/saved-query-store';
import { checkWithEngine } from './saved/check-saved-queries';
import { savedQuerySql } from './saved/saved-query-sql';
import type { SavedQueryCheckReport } from '@dynascope/contract';
import {
  statementTimeoutError,
  timedOut,
  timedSignal,
  untimed,
  type TimedSignal,
} from './session/statement-timeout';
import { startupSql, type StartupSetting } from './session/startup-settings';

export interface EngineOptions {
  /** Where the host (PGlite, in `pgdata/`) and, beside it, the vault key live; omit for an in-memory engine. */
  readonly dataDir?: string;
  /** How many unread rows of earlier statements a script keeps before one that writes (KEEP_LIMITS; tests). */
  readonly keptRows?: KeepLimits;
  /** A `dumpDataDir` tarball to start from (fast fresh hosts in tests). */
  readonly loadDataDir?: Blob;
  /** The PGlite host on `dataDir`, already opening (`@dynascope/engine/early-host`: a server's entry starts it first). */
  readonly openingHost?: Promise<PGliteHost>;
  /**
   * A PostgreSQL server as the host instead of PGlite (`DYNASCOPE_DATABASE_URL`): a superuser URL of a
   * database with the C collation (host/pg-host.ts); each session gets a connection of its own.
   */
  readonly databaseUrl?: string;
  /** How long a named session lives idle (default 30 minutes); its open transaction is then rolled back. */
  readonly sessionIdleMs?: number;
  /** How long a statement waits for another session's open transaction block (default 5 s), then 55P03. */
  readonly transactionWaitMs?: number;
  /** Overrides DYNASCOPE_VAULT_KEY / the key file. */
  readonly vaultKey?: string;
  /**
   * Who this process writes the vault as on a shared PostgreSQL database: the API's token (only an
   * HMAC of it under the vault key is kept, vault/holder-writes.ts). Processes started with one token,
   * and one restarted with it, are one holder; without it the process is a holder of its own.
   */
  readonly vaultHolder?: string;
  /** Where the engine's warnings go (default: console.warn, the server's log), e.g. a function quarantined at open. */
  readonly onWarning?: (line: string) => void;
  /**
   * How the planner learns a table's key schema and size (default: DescribeTable, and a small
   * sample where it reports no size, through the server's client); offline plan tests give fixtures.
   */
  readonly tableSource?: TableSource;
  /** How long an idle cursor lives (default 10 minutes). */
  readonly cursorTtlMs?: number;
  /** How many open cursors at most; the least recently used is closed beyond it (default 32). */
  readonly maxCursors?: number;
}

const DEFAULT_PAGE_SIZE = 500;

/** A session's place: its requests one at a time in order, and the session once its host is there. */
interface SessionSlot {
  readonly queue: Mutex;
  readonly session: Promise<Session>;
  resolved?: Session;
  /** When a request last used it (idle sessions expire), and how many requests are using it now. */
  lastUsed: number;
  users: number;
  /** Its host could not be had (a server refused a connection): the next request starts it anew. */
  failed?: boolean;
}

/** The host's connections: a PostgreSQL server's (`databaseUrl`), or PGlite's one (in `dataDir`, or in memory). */
async function openConnections(options: EngineOptions): Promise<HostConnections> {
  if (options.databaseUrl)
    return new PgConnections((await PgHost.connect(options.databaseUrl)).reconnecting());
  if (options.openingHost) return new SharedConnection(await options.openingHost);
  return new SharedConnection(
    await PGliteHost.open({
      ...(options.dataDir && { dataDir: hostDataDir(options.dataDir) }),
      ...(options.loadDataDir && { loadDataDir: options.loadDataDir }),
    }),
  );
}

/**
 * Postgres SQL over DynamoDB foreign tables, for many sessions at once. Each session's requests run
 * one at a time, in order; different sessions' statements run at the same time. On PGlite's one
 * connection their host calls take turns (host/shared-connection.ts: a host-heavy call makes the
 * others wait for it), and a transaction block keeps the other sessions' statements out while it
 * is open (session/statement-gate.ts); with a server host each session has its own connection.
 *
 *   const engine = await Engine.open({ dataDir: '.dynascope' });
 *   const { statements, error } = await engine.execute('select * from dynamodb.users where id = $$u1$$');
 */
export class Engine {
  /** DescribeTable results and statistics: facts about DynamoDB tables, whoever asks. */
  private readonly tables = new TableCache();
  /**
   * What the sessions that have changed nothing yet share on PGlite's one connection: a new session's
   * first statements need no host call (which would wait behind another session's). Not on a server:
   * each session's calls go through its own connection there, and another API process may change the
   * catalog unseen.
   */
  private readonly fresh: FreshSessions | undefined;
  /** Catalog changes by any session, which every session's cached lookups follow (both hosts). */
  private readonly catalogChanges = new CatalogChanges();
  /** Which session made each temp relation, when sessions share PGlite's one connection (session/temp-owners.ts). */
  private readonly tempOwners = new TempOwners();
  /** The session of requests that name none. */
  private defaultSession: SessionSlot;
  /** Sessions by the name requests give (an editor tab, a connection). */
  private readonly sessions = new Map<string, SessionSlot>();
  /** Keeps other sessions out of an open transaction block, when sessions share one connection. */
  private readonly gate: StatementGate<object> | null;
  /** The host of the engine's own work (catalog, vault, type names). */
  private readonly host: Host;
  private sessionCount = 0;
  /** Key schemas and sizes for the planner: DynamoDB's, or an offline test's fixtures. */
  private readonly tableSource: TableSource;
  /** Which sessions are at work: a long statement gives way to the others' requests (util/fair-share.ts). */
  private readonly fairShare = new FairShare();
  /** The clients of sessions whose open block changed server keys (dynamo/block-clients.ts). */
  private readonly blockClients: BlockClients;
  private closed = false;

  private constructor(
    private readonly connections: HostConnections,
    private readonly vault: Vault,
    private readonly clients: ClientCache,
    private readonly types: TypeNames,
    private readonly options: EngineOptions,
  ) {
    this.host = connections.main();
    this.gate = connections.exclusiveBlocks ? new StatementGate(options.transactionWaitMs ?? 5_000) : null;
    this.fresh = connections.exclusiveBlocks ? new FreshSessions() : undefined;
    this.defaultSession = this.newSlot('');
    this.tableSource = options.tableSource ?? dynamoTableSource(clients);
    this.blockClients = new BlockClients(clients, vault);
    // A server's keys changed: what its tables were said to be may be another account's.
    clients.onForget((prefix) => this.tables.forgetTables(prefix));
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    // The parser's WebAssembly loads and warms up while the host opens (PGlite's start is most of a warm start).
    const [opened, parser] = await Promise.allSettled([openConnections(options), loadWarmParser()]);
    if (parser.status === 'rejected' || opened.status === 'rejected') {
      if (opened.status === 'fulfilled') await opened.value.close();
      throw parser.status === 'rejected' ? parser.reason : (opened as PromiseRejectedResult).reason;
    }
    const connections = opened.value;
    const host = connections.main();
    // Asked before the bootstrap makes the bindings' table (bindServerSecrets below).
    const beforeBindings = await catalogBeforeBindings(host).catch(async (e: unknown) => {
      await connections.close();
      throw e;
    });
    // The engine's objects and the user role are set up by the host's superuser; user SQL then runs as the role.
    await bootstrapScript(host)
      .then((script) => host.exec(`${script};${USER_ROLE_SQL};${ENTER_USER_ROLE}`))
      .catch(async (e: unknown) => {
        await connections.close();
        throw e;
      });
    // Functions from before today's checks (an older version, the host directly) cannot run if those refuse them;
    // then set_config, whose every call is checked now, once nothing made before can call it unchecked; and keys
    // an older version let the user keep in a user mapping's or foreign table's options go. Processes starting
    // at once take turns on this work.
    const warn = options.onWarning ?? ((line: string) => console.warn(line));
    await withBootstrapLock(host, async () => {
      await quarantineBodies(host, warn);
      await grantSetConfig(host, warn);
      await scrubKeyOptions(host, warn);
    }).catch(async (e: unknown) => {
      await connections.close();
      throw e;
    });
    const vaultKey = loadVaultKey(options.dataDir, options.vaultKey ?? process.env.DYNASCOPE_VAULT_KEY);
    const vault = new Vault(
      host,
      vaultKey,
      options.databaseUrl ? 'database' : 'data directory',
      new HolderWrites(vaultHolder(vaultKey, options.vaultHolder)),
    );
    await vault.checkKey().catch(async (e: unknown) => {
      await connections.close();
      throw e;
    });
    // A catalog from before stored keys were bound to where they go gets its bindings now.
    await host
      .asOwner(() => bindServerSecrets(host, vault, beforeBindings))
      .catch(async (e: unknown) => {
        await connections.close();
        throw e;
      });
    // Watched before the engine opens its default session: a session's connection listens from its start.
    const made: { engine?: Engine } = {};
    await connections
      .watchCatalog(() => made.engine?.catalogChanged())
      .catch(async (e: unknown) => {
        await connections.close();
        throw e;
      });
    // On a server host, tables' limits hold for every API process on it together.
    const shared = options.databaseUrl ? new SharedTableBudgets(options.databaseUrl, warn) : undefined;
    made.engine = new Engine(
      connections,
      vault,
      new ClientCache(vault, { ...(shared && { shared }) }),
      new TypeNames(host),
      options,
    );
    return made.engine;
  }

  /**
   * The host told of a committed catalog change (host/catalog-notify.ts), maybe made unseen in a
   * statement's text or by another API process: every session looks its names and plans up anew. On a
   * server the engine's own connection reads committed state, outside any session's block, so the
   * foreign tables' throughput limits are checked against it too (table-limits.ts recheckLimits), and
   * the servers' keys in the vault (ClientCache.recheckCredentials).
   */
  private catalogChanged(): void {
    this.catalogChanges.changed();
    if (!this.connections.exclusiveBlocks && !this.closed) {
      void recheckLimits(this.host).catch(() => undefined);
      // Keys another process rotated (client-cache.ts); this process forgets its own as it makes them.
      void this.clients.recheckCredentials().catch(() => undefined);
      // ... and those of the blocks with clients of their own, at each one's next statement.
      this.blockClients.catalogChanged();
    }
  }

  /** Runs every statement of a script in order; stops at the first error (returned, not thrown). */
  execute(sql: string, options: ExecuteOptions = {}): Promise<ScriptResult> {
    return this.run(sql, options, false);
  }

  /** Plans every statement without reading items or changing anything. */
  explain(sql: string, options: ExecuteOptions = {}): Promise<ScriptResult> {
    return this.run(sql, options, true);
  }

  /**
   * What each INSERT/UPDATE/DELETE of a script on a foreign table would change, in its session —
   * the rows (exactly how many, up to 20 before → after), the write capacity with every index, how
   * the rows are found — with nothing written (preview/preview-script.ts).
   */
  async preview(sql: string, options: ExecuteOptions = {}): Promise<WritePreviewResult> {
    try {
      return await this.inSession(options.session, options.signal, async (session) => {
        const result = await previewScript(
          sql,
          session,
          (i, signal) => this.context(session, i, { ...options, signal }),
          options.signal,
        );
        return result.error
          ? { ...result, error: maskError(result.error, sql, sessionSecrets(sql, session)) }
          : result;
      });
    } catch (e) {
      // A session that cannot run now (55P03, cancelled while waiting) is the answer's error, as for execute.
      if (!(e instanceof EngineError) || (e.sqlstate !== '55P03' && e.sqlstate !== SqlState.queryCanceled))
        throw e;
      return { statements: [], confirmWritesOver: 1, error: e.toInfo(0) };
    }
  }

  /** The next page of a statement's rows (a cursor belongs to the session that opened it). */
  next(
    cursor: string,
    options: {
      signal?: AbortSignal;
      pageSize?: number;
      session?: string;
      /**
       * When the page's statement_timeout clock started: 'statement' goes on with the clock of the
       * statement that opened the cursor (a client reading all its rows in one command: the wire's
       * simple Query), a performance.now() with a clock the caller started (one Execute of a portal);
       * omitted, the page is timed alone, as a FETCH is.
       */
      since?: number | 'statement';
    } = {},
  ): Promise<NextPage> {
    return this.inSession(options.session, options.signal, (session) =>
      this.pageOf(session, cursor, options),
    );
  }

  /** A cursor's next page, in its session (`next`, or a Query message's statement reading its rows). */
  private async pageOf(
    session: Session,
    cursor: string,
    options: { signal?: AbortSignal; pageSize?: number; since?: number | 'statement' },
  ): Promise<NextPage> {
    let timed: TimedSignal = untimed(options.signal);
    try {
      const settings = await session.settings();
      // A page is a FETCH: statement_timeout bounds each.
      const since = options.since === 'statement' ? session.cursors.clockStart(cursor) : options.since;
      timed = timedSignal(settings.statementTimeoutMs, options.signal, since);
      // A statement whose time is up reads nothing more, even rows already in hand.
      if (timedOut(timed.signal)) throw statementTimeoutError();
      const budget = retryBudgetFromSetting(settings.retryBudgetSeconds);
      return await withRetryBudget(budget, () =>
        session.cursors.next(cursor, options.pageSize ?? DEFAULT_PAGE_SIZE, timed.signal),
      );
    } catch (e) {
      session.statementFailed();
      if (timedOut(timed.signal)) throw statementTimeoutError(e);
      throw e instanceof EngineError ? e : hostError(e);
    } finally {
      timed.done();
    }
  }

  closeCursor(cursor: string, options: { session?: string } = {}): Promise<void> {
    return this.inSession(options.session, undefined, (session) => session.cursors.close(cursor));
  }

  /**
   * Sync of an extended-protocol pipeline: the implicit block its Executes ran in
   * (ExecuteOptions.pipeline) ends, committed, or rolled back when `commit` is false (a message of the
   * pipeline failed). The COMMIT's error, if it failed (the block is rolled back then).
   *   execute(insert 1, { pipeline: true }); execute(insert 2, { pipeline: true }); endPipeline(s, true)
   */
  async endPipeline(session: string, commit: boolean): Promise<EngineErrorInfo | undefined> {
    const resolved = this.sessions.get(session)?.resolved;
    if (!resolved?.pipeline) return undefined;
    // Its reads opened no block: nothing to wait for (on PGlite, for the host's one connection).
    if (!resolved.pipeline.isOpen) {
      resolved.pipeline = null;
      return undefined;
    }
    return this.inSession(session, undefined, async (s) => {
      const block = s.pipeline;
      s.pipeline = null;
      try {
        if (block) await this.endBlock(s, block, 0, { session }, !commit);
        return undefined;
      } catch (e) {
        return statementError(e, 0);
      }
    });
  }

  /** Whether the named session's pipeline has its implicit block open (ExecuteOptions.pipeline). */
  pipelineOpen(session: string): boolean {
    return this.sessions.get(session)?.resolved?.pipeline?.isOpen ?? false;
  }

  /** Whether the named session has a transaction block open (the wire protocol's ReadyForQuery status). */
  inTransaction(session: string): boolean {
    return this.sessions.get(session)?.resolved?.host.inTransaction() ?? false;
  }

  /**
   * How many savepoints the named session's transaction block has open (ForeignTransaction.depth): the
   * level a wire portal bound now belongs to, which ROLLBACK TO SAVEPOINT ends.
   */
  savepointDepth(session: string): number {
    return this.sessions.get(session)?.resolved?.transaction.depth ?? 0;
  }

  /**
   * The columns of a cursor the named session DECLAREd over foreign tables, as a FETCH from it answers
   * them, without reading or moving it (NamedStatements.portalColumns); undefined for a host cursor.
   */
  cursorColumns(session: string, name: string): readonly Column[] | undefined {
    return this.sessions.get(session)?.resolved?.named.portalColumns(name);
  }

  /** The named session's `dynascope.*` settings as its next statement would read them. */
  sessionSettings(session: string): Promise<SessionSettings> {
    return this.inSession(session, undefined, (s) => s.settings());
  }

  /**
   * A wire client's start-up settings (its StartupMessage and `-c` options), SET in its session and
   * kept as what RESET, RESET ALL, SET ... TO DEFAULT and DISCARD ALL go back to, as Postgres keeps
   * them (session/startup-settings.ts). The script's error, if one failed (nothing is kept then); a
   * name that is not a setting's rejects with 42704 before anything is set.
   *   await engine.startSession('w1', [{ name: 'TimeZone', args: "'Europe/Berlin'" }])
   */
  async startSession(session: string, settings: readonly StartupSetting[]): Promise<ScriptResult> {
    const result = await this.execute(startupSql(settings), { session });
    if (!result.error) await this.inSession(session, undefined, async (s) => s.startup.record(settings));
    return result;
  }

  /** Keeps a named session from expiring while its client stays connected (a wire connection idles in psql). */
  touchSession(session: string): void {
    const s = this.sessions.get(session);
    if (s) s.lastUsed = Date.now();
  }

  /** Ends a named session now (a wire connection closed): cursors closed, an open transaction rolled back. */
  async closeSession(session: string): Promise<void> {
    const slot = this.sessions.get(session);
    if (!slot) return;
    this.sessions.delete(session);
    await this.endSession(slot);
  }

  // The engine's own reads below run beside sessions' statements: each host call waits only for
  // the host call running (inside a session's open block on PGlite, as part of it) — but those that
  // call DynamoDB wait for such a block (outsideBlocks).

  /** The type oids of result columns' `type` names (the wire protocol's RowDescription); 0: unknown. */
  typeOids(typeNames: readonly string[]): Promise<number[]> {
    return this.types.oidsOf(typeNames);
  }

  /** Schemas, servers (credentials masked) and tables with columns and key roles. */
  catalog(): Promise<CatalogSnapshot> {
    return readCatalog(this.host, this.tables.lastDescribed);
  }

  /**
   * Runs one of the engine's own calls to DynamoDB (the workbench's table list, designer, inspector,
   * identity badge). On PGlite they read the vault inside whatever block is open: while that block has
   * changed server keys they wait for its end (55P03 after transactionWaitMs), as other sessions'
   * statements do — they would sign with the block's keys, and leave every session a client of keys a
   * ROLLBACK takes back. Otherwise they run at once, and a key change in the block waits for them
   * (StatementGate.drain), as a BEGIN does.
   */
  private async outsideBlocks<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    if (!this.gate) return call();
    const request = {};
    const owner = this.gate.blockOwner;
    if (owner && this.blockClients.hasOwnKeys(owner)) await this.gate.enter(request, signal);
    else this.gate.track(request);
    try {
      return await call();
    } finally {
      this.gate.leave(request, false);
    }
  }

  /** Who a server's credentials are, now (STS GetCallerIdentity); an EngineError (28000, 42501, ...) when they fail. */
  serverIdentity(server: string, options: { signal?: AbortSignal } = {}): Promise<ServerIdentity> {
    return this.outsideBlocks(options.signal, async () =>
      this.clients.identityFor(await requireServer(this.host, server), options.signal),
    );
  }

  /** ListTables on a server. */
  listTables(server: string, options: { signal?: AbortSignal } = {}): Promise<string[]> {
    return this.outsideBlocks(options.signal, () =>
      listDynamoTables(this.host, this.clients, server, options.signal),
    );
  }

  /** DescribeTable plus a sample of attributes with their DynamoDB types (the table designer). */
  describeTable(
    server: string,
    table: string,
    options: { sampleSize?: number; signal?: AbortSignal } = {},
  ): Promise<TableDescription> {
    return this.outsideBlocks(options.signal, () =>
      describeForDesigner(this.host, this.clients, server, table, options.sampleSize ?? 100, options.signal),
    );
  }

  /** Everything DynamoDB says about a table (the table inspector); calls the emulator or IAM refuse are "unavailable". */
  inspectTable(
    server: string,
    table: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<TableInspection> {
    return this.outsideBlocks(options.signal, async () =>
      inspectTable(
        await this.clients.clientFor(await requireServer(this.host, server)),
        server,
        table,
        options.signal,
      ),
    );
  }

  /** The SQL creating a server, a schema's foreign tables or one foreign table, credentials left out. */
  /** Saved queries, kept in the host's `dynascope.saved_queries` (saved/saved-query-store.ts). */
  get savedQueries(): SavedQueryStore {
    return new SavedQueryStore(this.host);
  }

  /** A saved query's text with `$1`... as literals: `values`, else the parameters' examples. */
  async savedQuerySql(name: string, values?: readonly (string | null)[]): Promise<string> {
    const q = await this.savedQueries.get(name);
    return savedQuerySql(q.sql, q.params, values);
  }

  /** "Check all": EXPLAIN of every saved query against what it declared (saved/check-saved-queries.ts). */
  async checkSavedQueries(): Promise<SavedQueryCheckReport> {
    // Each table is described again: an index dropped within the last 30 s must show.
    this.tables.staleDescribes();
    return checkWithEngine(await this.savedQueries.list(), this);
  }

  ddl(target: DdlTarget): Promise<string> {
    return catalogDdl(this.host, target);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Each session ends after the request it is running (requests that come now are refused).
    const slots = [this.defaultSession, ...this.sessions.values()];
    this.sessions.clear();
    for (const slot of slots) await this.endSession(slot);
    this.clients.close();
    await this.clients.options.shared?.close();
    await this.connections.close();
  }

  /**
   * Runs one `COPY ... TO STDOUT [WITH (...)]`: its output (Postgres's exact text or csv bytes, or
   * `FORMAT dynamodb_json` lines) goes to `onChunk` batch by batch (or record by record), in bounded
   * memory.
   *   await engine.copyTo('copy (select * from t) to stdout (format csv)', { onChunk: (b) => file.write(b) });
   */
  copyTo(sql: string, options: CopyToOptions): Promise<CopyDone> {
    return this.copy(sql, options, (ctx, stmt, run) => copyTo(ctx, stmt, run, options));
  }

  /**
   * Runs one `COPY t [(columns)] FROM STDIN [WITH (...)]` over `body` as it arrives, in bounded memory
   * (staged in the host): all of it is checked before anything is written.
   */
  copyFrom(
    sql: string,
    body: AsyncIterable<Uint8Array> | Uint8Array,
    options: CopyFromOptions = {},
  ): Promise<CopyDone> {
    return this.copy(sql, options, (ctx, stmt, run) =>
      copyFrom(ctx, stmt, inputOf(body), run, false, options.onCopyProgress, options.onStart),
    );
  }

  /**
   * `COPY t FROM STDIN` checked over all of `body` and not written: its rows, the write capacity they
   * would use (GSIs included) and the first items as they would be written.
   */
  async copyPreview(
    sql: string,
    body: AsyncIterable<Uint8Array> | Uint8Array,
    options: CopyFromOptions = {},
  ): Promise<CopyPreview> {
    let preview: CopyPreview | undefined;
    await this.copy(sql, options, async (ctx, stmt, run) => {
      const out = await copyFrom(
        ctx,
        stmt,
        inputOf(body),
        run,
        true,
        options.onCopyProgress,
        options.onStart,
      );
      preview = copyPreview(out);
      return out;
    });
    return preview!;
  }

  /** One COPY to or from the caller (never a file), run as a statement of its session. */
  private copy(
    sql: string,
    options: CopyFromOptions,
    fn: (ctx: StatementContext, stmt: ServedCopy, run: RunQuery) => Promise<CopyOutcome>,
  ): Promise<CopyDone> {
    const { statements, error } = parseScriptUntilError(sql);
    if (error) return Promise.reject(error);
    const stmt =
      statements.length === 1 && kindOf(statements[0]!.node) === 'CopyStmt' ? statements[0]! : null;
    if (!stmt) return Promise.reject(new EngineError(SqlState.syntaxError, 'expected one COPY statement'));
    return this.inSession(options.session, options.signal, async (session) => {
      const served = servedCopy(as(stmt.node, 'CopyStmt')!, stmt.text);
      if (!served)
        throw new EngineError(
          SqlState.insufficientPrivilege,
          'COPY to or from a file or a program is not allowed: use STDOUT or STDIN',
        );
      // As any statement but COMMIT and ROLLBACK in an aborted block (txn/transaction-statement.ts).
      if (session.host.inTransaction() && session.transaction.failed) throw abortedBlockError();
      const timeoutMs = await (async () => {
        await session.beforeStatement('CopyStmt', stmt.node);
        return (await session.settings()).statementTimeoutMs;
      })().catch((e: unknown) => {
        throw e instanceof EngineError ? e : hostError(e);
      });
      const timed = timedSignal(timeoutMs, options.signal);
      const ctx = this.context(session, 0, { ...options, signal: timed.signal });
      try {
        const scope = statementScope(session, await ctx.settings(), timed.signal, ctx.notices);
        const done = await governed(scope, () =>
          fn(ctx, served, (node, text) => runStatement(ctx, node, text, false)),
        ).finally(() => session.afterStatement('CopyStmt'));
        return copyDone(done, served.format, ctx.notices);
      } catch (e) {
        session.statementFailed();
        if (timedOut(timed.signal)) throw statementTimeoutError(e);
        // A cancelled COPY FROM's own 57014 says how many rows it had written.
        if (options.signal?.aborted && !(e instanceof EngineError && e.sqlstate === SqlState.queryCanceled))
          throw cancelledError();
        const err = e instanceof EngineError ? e : hostError(e);
        if (err.position !== undefined) err.position = scriptPosition(err.position, stmt);
        throw err;
      } finally {
        timed.done();
      }
    });
  }

  /** The named session's slot (created on first use), or the default one. */
  private slotFor(name: string | undefined): SessionSlot {
    if (name === undefined) {
      if (this.defaultSession.failed) this.defaultSession = this.newSlot('');
      return this.defaultSession;
    }
    let slot = this.sessions.get(name);
    if (!slot || slot.failed) this.sessions.set(name, (slot = this.newSlot(`s${++this.sessionCount}_`)));
    return slot;
  }

  /** A session over a host of its own (host-connections.ts); `tempPrefix` names its temp tables apart. */
  private newSlot(tempPrefix: string): SessionSlot {
    // The session's own, and those the engine writes for it (its server_identity answers, its client_encoding).
    const customSettings = new Set<string>([CALLER_IDENTITIES_SETTING, CLIENT_ENCODING_SETTING]);
    const slot: SessionSlot = {
      queue: new Mutex(),
      session: this.connections.forSession(customSettings).then(
        (host) =>
          (slot.resolved = new Session(host, this.tables, {
            ...this.options,
            tempPrefix,
            customSettings,
            sharedConnection: this.connections.exclusiveBlocks,
            ...(this.connections.exclusiveBlocks && { tempOwners: this.tempOwners }),
            ...(this.fresh && { fresh: this.fresh }),
            catalog: this.catalogChanges,
          })),
      ),
      lastUsed: Date.now(),
      users: 0,
    };
    // The request that waited for it gets the error; the slot is replaced on next use.
    slot.session.catch(() => (slot.failed = true));
    return slot;
  }

  /**
   * Runs `fn` in a session, after the session's earlier requests (one at a time, in order) and
   * beside other sessions' requests. While another session's transaction block is open on a shared
   * connection the request waits for its end (up to `transactionWaitMs`), then fails with 55P03.
   */
  private async inSession<T>(
    name: string | undefined,
    signal: AbortSignal | undefined,
    fn: (session: Session) => Promise<T>,
  ): Promise<T> {
    if (this.closed) throw closedError();
    await this.expireIdleSessions();
    const slot = this.slotFor(name);
    slot.users++;
    slot.lastUsed = Date.now();
    try {
      return await slot.queue.run(async () => {
        if (this.closed) throw closedError();
        const session = await slot.session;
        await this.gate?.enter(session, signal);
        // A cancel stops the host's work too, where the host can (a PostgreSQL server's session).
        let cancelled: Promise<void> | undefined;
        const cancelHost = () => void (cancelled = session.host.cancel?.());
        signal?.addEventListener('abort', cancelHost, { once: true });
        try {
          return await this.fairShare.run(session, () => fn(session));
        } finally {
          signal?.removeEventListener('abort', cancelHost);
          await cancelled;
          this.gate?.leave(session, session.host.inTransaction());
        }
      });
    } finally {
      slot.users--;
      slot.lastUsed = Date.now();
    }
  }

  /** Sessions idle longer than `sessionIdleMs` end: cursors closed, an open transaction rolled back. */
  private async expireIdleSessions(): Promise<void> {
    const idle = Date.now() - (this.options.sessionIdleMs ?? 30 * 60_000);
    for (const [name, slot] of this.sessions) {
      if (slot.users > 0 || slot.lastUsed >= idle) continue;
      this.sessions.delete(name);
      await this.endSession(slot);
    }
  }

  /**
   * Ends a session (out of the map already) after its running request: cursors closed, its host
   * released. On PGlite's one connection its host work (its temp tables dropped, its host-kept
   * statements deallocated) runs only while no other session's block is open — inside that block it
   * would be undone with it, or abort it — and keeps that session out meanwhile (the gate).
   */
  private endSession(slot: SessionSlot): Promise<void> {
    return slot.queue.run(async () => {
      const session = await slot.session.catch(() => null);
      if (!session) return;
      const gate = this.gate;
      const other = gate && gate.blockOwner !== null && gate.blockOwner !== session;
      let entered = false;
      if (gate && !other)
        entered = await gate.enter(session, undefined).then(
          () => true,
          () => false,
        );
      try {
        await session.close(!gate || entered);
      } finally {
        if (entered) gate!.leave(session, false);
        try {
          // The host rolls back the session's open block and lets go of its settings.
          await session.host.close();
        } finally {
          // Its keys end with the block, not before: till then the engine's own calls wait (outsideBlocks).
          this.blockClients.drop(session);
          this.gate?.forget(session);
        }
      }
    });
  }

  /** A script's result; a session that cannot run now (55P03, cancelled while waiting) is its error. */
  private async run(sql: string, options: ExecuteOptions, planOnly: boolean): Promise<ScriptResult> {
    try {
      return await this.runInSession(sql, options, planOnly);
    } catch (e) {
      if (!(e instanceof EngineError) || (e.sqlstate !== '55P03' && e.sqlstate !== SqlState.queryCanceled))
        throw e;
      const secrets = secretsOfScript(sql);
      return { statements: [], redactedSql: redact(sql, secrets), redactions: secrets, error: e.toInfo(0) };
    }
  }

  private runInSession(sql: string, options: ExecuteOptions, planOnly: boolean): Promise<ScriptResult> {
    return this.inSession(options.session, options.signal, async (session) => {
      const secrets = sessionSecrets(sql, session);
      const result: ScriptResult = { statements: [], redactedSql: redact(sql, secrets), redactions: secrets };
      const { statements: parsed, error: syntaxError } = parseScriptUntilError(sql);
      const script: Script = { sql, secrets, result };
      // A Query message is parsed whole before any of it runs: a syntax error anywhere runs nothing.
      const toRun = options.queryMessage && syntaxError ? [] : parsed;
      // A pipeline's block goes on till its Sync (endPipeline).
      const block = options.pipeline
        ? (session.pipeline ??= new ImplicitBlock('pipeline'))
        : new ImplicitBlock(options.queryMessage !== undefined && toRun.length > 1 ? 'message' : 'none');
      const last = toRun.length - 1;
      for (let i = 0; i < toRun.length; i++)
        if (!(await this.runInBlock(session, toRun[i]!, i, options, planOnly, script, block, i === last)))
          break;
      // The block a failure or the last statement did not end (a message that ends in a cancel).
      if (block.isOpen && !options.pipeline)
        await this.endBlock(session, block, last, options).catch(
          (e: unknown) => (result.error = statementError(e, last)),
        );
      if (syntaxError && !result.error) result.error = syntaxError.toInfo(parsed.length);
      if (result.error) result.error = maskError(result.error, sql, secrets);
      return result;
    });
  }

  /**
   * A statement of a script, in the Query message's implicit block when it has one
   * (txn/implicit-block.ts): the block's BEGIN before its first statement, its ROLLBACK after a
   * failure. False once the statement failed (its error in `script.result`).
   */
  private async runInBlock(
    session: Session,
    stmt: ParsedStatement,
    i: number,
    options: ExecuteOptions,
    planOnly: boolean,
    script: Script,
    block: ImplicitBlock,
    last: boolean,
  ): Promise<boolean> {
    let ok = false;
    try {
      const inBlock = session.host.inTransaction();
      const beforeBlock = options.pipeline === true && !inBlock && !block.isOpen;
      const callEnds = beforeBlock && (await callEndsTransaction(session.host, stmt.node));
      const node = session.nodeRun(stmt.node);
      const step = block.before(node, stmt.text, inBlock, {
        callEndsTransaction: callEnds,
        callsUserFunction: beforeBlock && (await session.callsUserFunction(node)),
      });
      const opens = step.begin === true;
      const begun = opens ? await this.runOwn(session, 'begin', i, options) : undefined;
      if (opens && !begun) session.transaction.implicit = true;
      if (begun) script.result.error = begun;
      else if (step.kind === 'join') {
        ok = await this.joinBlock(session, stmt, i, options, script, step.modes, opens);
        if (ok) {
          block.close();
          session.transaction.implicit = false;
        }
      } else {
        // The last statement's rows: inside the block when one is open (its end comes before the
        // statement's CommandComplete, as Postgres commits), else after the message, as for one statement.
        const end =
          last && block.isOpen && options.queryMessage
            ? () => this.endBlock(session, block, i, options)
            : undefined;
        const own = !last || end ? options : { ...options, queryMessage: undefined };
        ok = await this.runOne(session, stmt, i, own, planOnly, script, step.notice, end);
      }
    } catch (e) {
      script.result.error = statementError(e, i, stmt);
    }
    if (!ok && block.isOpen) {
      block.close();
      // Rolled back whatever cancelled the statement.
      if (session.host.inTransaction())
        await this.runOwn(session, 'rollback', i, { ...options, signal: undefined });
    }
    return ok;
  }

  /**
   * BEGIN inside a Query message's implicit block: the block goes on as a regular one, nothing run in
   * the host (Postgres's BEGIN in TBLOCK_IMPLICIT_INPROGRESS) but SET TRANSACTION for its modes.
   * `afterReads`: the block was opened for it after a pipeline's reads, which took Postgres's snapshot.
   */
  private async joinBlock(
    session: Session,
    stmt: ParsedStatement,
    i: number,
    options: ExecuteOptions,
    script: Script,
    modes: string | null,
    afterReads: boolean,
  ): Promise<boolean> {
    const started = performance.now();
    const snapshot = afterReads ? await this.runOwn(session, 'select', i, options) : undefined;
    const refused =
      snapshot ?? (modes ? await this.runOwn(session, `set transaction ${modes}`, i, options) : undefined);
    if (refused) {
      script.result.error = refused;
      return false;
    }
    const statement: StatementResult = {
      sql: redact(stmt.text, within(script.secrets, stmt.start, stmt.text.length)),
      command: as(stmt.node, 'TransactionStmt')?.kind === 'TRANS_STMT_START' ? 'START TRANSACTION' : 'BEGIN',
      rowCount: 0,
      columns: [],
      rows: [],
      cursor: null,
      plan: null,
      consumedRcu: 0,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      notices: [],
    };
    script.result.statements.push(statement);
    if (options.queryMessage) await this.deliver(session, statement, options.queryMessage, options.signal);
    return true;
  }

  /**
   * The end of a Query message's or pipeline's implicit block: COMMIT, or ROLLBACK when asked (a
   * pipeline's message failed), or when the message was cancelled ROLLBACK and 57014 (the host could
   * not stop what ran); a failed COMMIT throws its error.
   */
  private async endBlock(
    session: Session,
    block: ImplicitBlock,
    i: number,
    options: ExecuteOptions,
    rollback = false,
  ): Promise<void> {
    if (!block.isOpen) return;
    block.close();
    const cancelled = options.signal?.aborted === true;
    const end = { ...options, signal: undefined };
    const error = await this.runOwn(session, cancelled || rollback ? 'rollback' : 'commit', i, end);
    // A COMMIT that failed before the host ended the block: the block the client never opened ends here.
    if (session.host.inTransaction()) await this.runOwn(session, 'rollback', i, end);
    if (cancelled) throw cancelledError();
    if (error)
      throw new EngineError(error.sqlstate, error.message, { detail: error.detail, hint: error.hint });
  }

  /**
   * One of the engine's own statements for a Query message's block (BEGIN, COMMIT, ROLLBACK, SET
   * TRANSACTION): its error, if it failed, without a position in text the client did not send. Its
   * notices (what COMMIT wrote to DynamoDB) go to the message's `onNotice`.
   */
  private async runOwn(
    session: Session,
    sql: string,
    i: number,
    options: ExecuteOptions,
  ): Promise<EngineErrorInfo | undefined> {
    const own: Script = { sql, secrets: [], result: { statements: [], redactedSql: sql, redactions: [] } };
    await this.runOne(session, parseScript(sql)[0]!, i, { ...options, queryMessage: undefined }, false, own);
    for (const n of own.result.statements.flatMap((s) => s.notices)) options.queryMessage?.onNotice(n);
    const error = own.result.error;
    if (!error) return undefined;
    const { position: _, ...rest } = error;
    return rest;
  }

  /**
   * A Query message's statement to its caller, all its rows read through `rest.next` before the next
   * statement runs; what is left unread (the caller failed) is let go of.
   */
  private async deliver(
    session: Session,
    statement: StatementResult,
    message: QueryMessage,
    signal: AbortSignal | undefined,
    end?: () => Promise<void>,
  ): Promise<void> {
    const cursor = statement.cursor;
    try {
      await message.onStatement(statement, {
        next: (pageSize) =>
          cursor
            ? this.pageOf(session, cursor, { signal, pageSize, since: 'statement' })
            : Promise.resolve({ rows: [], cursor: null, consumedRcu: 0 }),
        end: async () => end?.(),
        capacityNotices: async () => (await session.settings()).capacityNotices,
      });
    } finally {
      if (cursor) await session.cursors.close(cursor).catch(() => undefined);
    }
  }

  /** One statement of a script: its result, or its error (false), in `script.result`. */
  private async runOne(
    session: Session,
    stmt: ParsedStatement,
    i: number,
    options: ExecuteOptions,
    planOnly: boolean,
    script: Script,
    notice?: string,
    end?: () => Promise<void>,
  ): Promise<boolean> {
    const { sql, secrets, result } = script;
    const started = performance.now();
    const kind = kindOf(stmt.node);
    // Whether the block it runs in was aborted already, and whether it fails (dynamo/block-clients.ts).
    const abortedBefore = session.host.inTransaction() && session.transaction.failed;
    const outcome = { failed: false };
    // The statement's signal: the caller's, and its statement_timeout's once settings are read.
    let timed: TimedSignal = untimed(options.signal);
    // Its progress reports say how often DynamoDB throttled it, as its result does.
    const progress = new StatementProgress(i, options.onProgress);
    try {
      if (options.signal?.aborted) throw cancelledError();
      if (opensBlock(kind, stmt.node)) await this.gate?.open(session, options.signal);
      await session.beforeStatement(kind, stmt.node);
      await this.blockClients.beforeStatement(session, stmt.node, abortedBefore);
      // ... and once it has keys of its own, the engine's calls that read the keys as they stood end first.
      if (this.gate && this.blockClients.hasOwnKeys(session) && changesServerKeys(stmt.node))
        await this.gate.drain(session, options.signal);
      const setting = as(stmt.node, 'VariableSetStmt')?.name ?? '';
      if (setting.includes('.')) session.customSettings.add(setting);
      // set_config changes settings as SET does: its custom ones are the session's too.
      const setConfigs = setConfigNames(session.nodeRun(stmt.node));
      for (const name of setConfigs) if (name.includes('.')) session.customSettings.add(name);
      // Every DynamoDB call of the statement retries within its dynascope.retry_budget_seconds.
      // (COMMIT/ROLLBACK and SET TRANSACTION read no setting: no query may run before them.)
      const noQuery = runsBeforeAnyQuery(kind, stmt.node);
      const clockStart = performance.now();
      if (!noQuery) timed = timedSignal((await session.settings()).statementTimeoutMs, options.signal);
      const signal = timed.signal;
      const ctx = this.context(session, i, { ...options, signal, onProgress: progress.report });
      // Postgres's WARNING for COMMIT or ROLLBACK in a Query message's implicit block.
      if (notice) ctx.notices.push(notice);
      const budget = noQuery
        ? DEFAULT_RETRY_BUDGET_MS
        : retryBudgetFromSetting((await ctx.settings()).retryBudgetSeconds);
      // What earlier statements of the script left unread is read before this one may change it.
      if (script.result.statements.some((s) => s.cursor) && mayWrite(stmt.node))
        await withRetryBudget(
          budget,
          () => this.keepEarlierRows(session, script, i, signal),
          progress.throttles,
        );
      // ... and is paced by the session's and its tables' throughput limits (dynamo/governor/).
      const scope = noQuery ? undefined : statementScope(session, await ctx.settings(), signal, ctx.notices);
      if (!noQuery) this.fairShare.yields(session, (await ctx.settings()).fairShare);
      let fromItems = false;
      const out = await withRetryBudget(
        budget,
        () => governed(scope, () => runStatement(ctx, stmt.node, stmt.text, planOnly)),
        progress.throttles,
      )
        .then((o) => ((fromItems = answeredFromItems(o.plan)), o))
        // After set_config, as after a SET, the session's settings are read again.
        .finally(() => session.afterStatement(setConfigs.length ? 'VariableSetStmt' : kind, fromItems));
      const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
      const first = planOnly
        ? { rows: [], done: true, consumedRcu: 0 }
        : await withRetryBudget(
            budget,
            () => governed(scope, () => out.source.next(pageSize, signal)),
            progress.throttles,
          );
      // No throttle-only report comes after its result.
      progress.close();
      const cursor = first.done
        ? null
        : await session.cursors.register(governedSource(out.source, scope), clockStart);
      // DML, MOVE, COPY, CREATE TABLE AS and SELECT INTO report the rows they wrote or passed
      // (Postgres's `INSERT 0 n`, `MOVE n`, `COPY n`, `SELECT n`); COPY's header line is not a row.
      const isDml =
        ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'MOVE', 'COPY'].includes(out.command) ||
        intoOf(stmt.node) !== undefined;
      const statement: StatementResult = {
        sql: redact(stmt.text, within(secrets, stmt.start, stmt.text.length)),
        command: out.command,
        rowCount: isDml ? (out.affectedRows ?? 0) : first.rows.length,
        columns: out.columns,
        rows: first.rows,
        cursor,
        plan: out.plan,
        // The scans' reads and any sample read for their estimates (also under EXPLAIN).
        consumedRcu: planRcu(out.plan),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        notices: ctx.notices.map((n) => maskSecretsIn(n, sql, secrets)),
        ...progress.counts(),
      };
      result.statements.push(statement);
      if (options.queryMessage)
        await this.deliver(session, statement, options.queryMessage, options.signal, end);
    } catch (e) {
      outcome.failed = true;
      session.statementFailed();
      result.error = statementError(e, i, stmt, timed.signal);
      // A failed statement inside an explicit transaction leaves it aborted, as in Postgres.
      return false;
    } finally {
      timed.done();
      progress.close();
      const inBlock = session.host.inTransaction();
      try {
        // The block's clients are settled (kept, forgotten or revoked) before other sessions go on.
        this.blockClients.settle(
          session,
          blockStep(stmt.node, { abortedBefore, failed: outcome.failed, inBlock }),
        );
      } finally {
        // Other sessions go on as soon as a COMMIT or ROLLBACK ends the block, not at the script's end.
        this.gate?.settle(session, inBlock);
      }
    }
    return true;
  }

  /**
   * Reads into memory the rows earlier statements of a script left unread (their cursors), before a
   * statement that may write runs: Postgres finishes each statement before the next, so
   * `select * from events; delete from events where ...` answers the rows as they were, on every page.
   * Past the limits (KEEP_LIMITS) the writing statement fails with 54000, nothing written.
   */
  private async keepEarlierRows(
    session: Session,
    script: Script,
    i: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const limits = this.options.keptRows ?? KEEP_LIMITS;
    for (const [k, earlier] of script.result.statements.entries()) {
      if (!earlier.cursor || (await session.cursors.keep(earlier.cursor, limits, signal))) continue;
      throw new EngineError(
        SqlState.programLimitExceeded,
        `statement ${k + 1} has more rows not yet read than a script keeps (${limits.rows} rows, ${Math.round(limits.bytes / 2 ** 20)} MiB), which statement ${i + 1} may change`,
        {
          detail:
            "A statement's rows are read before a later statement of its script writes, as Postgres finishes each statement before the next; this many are not kept in memory. Nothing was written.",
          hint: 'run the statement that writes in a script of its own, or LIMIT the rows before it',
        },
      );
    }
  }

  /** One statement's context: the runtime it runs with beside the session's view. */
  private context(session: Session, statementIndex: number, options: ExecuteOptions): StatementContext {
    const clients = this.blockClients.of(session);
    // A block's own clients keep what they learn of tables apart (dynamo/block-clients.ts).
    const blockTables = this.blockClients.tablesOf(session);
    return {
      host: session.host,
      clients,
      signal: options.signal,
      onProgress: options.onProgress,
      floatsAsText: options.floatsAsText ?? false,
      columnOrigins: options.columnOrigins ?? false,
      copyOut: options.copyOut,
      notices: [],
      run: new RunStats(),
      // DescribeTable and sample reads sign as the statement's reads do.
      tables:
        clients === this.clients || this.options.tableSource ? this.tableSource : dynamoTableSource(clients),
      vault: this.vault.on(session.host),
      types: this.types,
      statementIndex,
      ...session.view(),
      ...blockTables?.forStatement(),
    };
  }
}

/** A script being run: its text, the secret constants in it, and its result so far. */
interface Script {
  readonly sql: string;
  readonly secrets: readonly SecretSpan[];
  readonly result: ScriptResult;
}

function closedError(): EngineError {
  return new EngineError(SqlState.objectNotInPrerequisiteState, 'the engine is closed');
}

/** Whether a statement opens a transaction block (BEGIN, START TRANSACTION). */
function opensBlock(kind: string | undefined, node: unknown): boolean {
  if (kind !== 'TransactionStmt') return false;
  const k = as(node, 'TransactionStmt')?.kind;
  return k === 'TRANS_STMT_BEGIN' || k === 'TRANS_STMT_START';
}

/** A script's secrets, with the arguments its EXECUTEs bind to a vault call the session prepared (vault/execute-secrets.ts). */
function sessionSecrets(sql: string, session: Session): SecretSpan[] {
  return secretsOfScript(
    sql,
    (name) => session.named.preparedText(name)?.node ?? session.named.hostKeptQuery(name),
  );
}

/** The spans inside one statement, relative to its start. */
function within(spans: readonly SecretSpan[], start: number, length: number): SecretSpan[] {
  return spans
    .filter((s) => s.start >= start && s.end <= start + length)
    .map((s) => ({ start: s.start - start, end: s.end - start }));
}

/** An error's texts with the script's secrets masked (a syntax error quotes the token it stopped at). */
function maskError(error: EngineErrorInfo, sql: string, secrets: readonly SecretSpan[]): EngineErrorInfo {
  if (!secrets.length) return error;
  const mask = (text: string | undefined) =>
    text === undefined ? undefined : maskSecretsIn(text, sql, secrets);
  return {
    ...error,
    message: mask(error.message)!,
    ...(error.detail !== undefined && { detail: mask(error.detail) }),
    ...(error.hint !== undefined && { hint: mask(error.hint) }),
  };
}

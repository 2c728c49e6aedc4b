import {
  abortedBlockError,
  codePointCount,
  copyFormat,
  copyShape,
  EngineError,
  statementCount,
  SqlState,
  type Cell,
  type Column,
  type CopyDone,
  type CopyOutput,
  type Plan,
  type StatementRest,
  type StatementResult,
} from '@dynascope/engine';
import {
  bindComplete,
  closeComplete,
  commandComplete,
  copyDataEach,
  copyDone,
  copyResponse,
  dataRow,
  emptyQueryResponse,
  errorResponse,
  noData,
  noticeResponse,
  parameterDescription,
  parameterStatus,
  parseComplete,
  portalSuspended,
  readyForQuery,
  rowDescription,
  type TransactionStatus,
  type WireError,
  type WireField,
} from './backend-messages';
import { rowValues } from './row-values';
import { capacityNotice } from './capacity-notice';
import { CopyInStream } from './copy-in-stream';
import { commandTag } from './command-tag';
import { thrownError, wireError } from './error-fields';
import {
  copyFailMessage,
  decodeFrontendMessage,
  formatAt,
  namedAs,
  type FrontendMessage,
  type ReceivedMessage,
} from './frontend-messages';
import { clientEncoding, UTF8, type ClientEncoding } from './client-encoding';
import { inClientEncoding } from './client-encoding-messages';
import { sqlIdentifier, sqlLiteral } from './sql-literal';
import { hostParameters } from './server-parameters';
import { endsTransaction, isDescribable, isPreparable, parameterSite, savepointEnd } from './statement-shape';
import { highestParameter, sqlTokens, type SqlToken } from './sql-tokens';
import { setArguments, type StartupSetting } from './startup-settings';
import { Oid } from './type-oids';
import { executeSql, literalSql, paramTexts, prepareSql } from './prepared-sql';
import type { WireEngine } from './wire-engine';

/** How often a connection tells the engine its session is still in use. */
const KEEP_ALIVE_MS = 60_000;

/** Rows per engine page (one DataRow batch on the socket). */
const PAGE_SIZE = 1000;
/** Messages received ahead of the one served before the socket is read no further. */
const INBOX_LIMIT = 256;

/**
 * A Parse's statement, and how Bind passes it values: `execute`, as the arguments of an EXECUTE of the
 * statement PREPAREd in the session as `prepared`; `literals`, at its `$n` (EXPLAIN, DECLARE, CREATE
 * TABLE AS, CALL: PREPARE does not take them; `prepared` is then the query inside, PREPAREd for its
 * parameters' types and errors); `none`, the statement runs as it is.
 */
interface WireStatement {
  readonly sql: string;
  readonly paramOids: readonly number[];
  readonly prepared: string | null;
  readonly binding: 'execute' | 'literals' | 'none';
  /** How many values Bind supplies, as Postgres counts: the types Parse declared, or up to the highest `$n`. */
  readonly paramCount: number;
  /** The statement's tokens, to put the literals at (binding `literals`). */
  readonly tokens?: readonly SqlToken[];
  /** Its parameter types: declared, or inferred by the host; 0 where neither tells (Describe says text). */
  known?: readonly number[];
  /** The types its literals are cast to (binding `literals`): null where unknown, the literal stays untyped. */
  typeNames?: readonly (string | null)[];
}

/** A statement's result being sent, page by page. */
interface Running {
  readonly statement: StatementResult | null;
  readonly fields: readonly WireField[];
  rows: Cell[][];
  cursor: string | null;
  rowsSent: number;
  consumedRcu: number;
  done: boolean;
  /**
   * A COPY TO STDOUT among other statements of a Query message: its CopyOutResponse and CopyData
   * went as it ran (copyOutput); its CopyDone comes with its CommandComplete.
   */
  readonly copyOut: boolean;
}

interface WirePortal {
  readonly statement: WireStatement;
  /** What the engine runs for it: `execute name(values)`, or the statement itself. */
  readonly sql: string;
  readonly resultFormats: readonly number[];
  running: Running | null;
  /** The savepoints open when it was bound (lowered by RELEASE): a ROLLBACK TO one of them ends it. */
  depth: number;
  /** The statement it ran ended it (a COMMIT, a ROLLBACK TO past its savepoint): dropped once it has answered. */
  endsWhenDone?: boolean;
}

/** An error answered to the client: ErrorResponse, then (extended protocol) skip to Sync. */
class WireFailure extends Error {
  constructor(readonly error: WireError) {
    super(error.message);
  }
}

const fail = (code: string, message: string, extra: { hint?: string } = {}): never => {
  throw new WireFailure({ code, message, ...extra });
};

/** A FunctionCall (`F`): libpq's PQfn, psql's \lo_import. */
const isFunctionCall = (m: { readonly type: string; readonly code?: string }) =>
  m.type === 'Other' && m.code === 'F';

/**
 * One client connection: its own engine session (settings, transaction block, cursors), the
 * simple and extended query protocols, COPY in and out, and cancellation of what runs.
 *   Query('select * from users where user_id = $$u0001$$')
 *   → RowDescription, DataRow, NOTICE (DynamoDB: GetItem users ...), CommandComplete 'SELECT 1', ReadyForQuery 'I'
 */
export class PgConnection {
  readonly session: string;
  private readonly statements = new Map<string, WireStatement>();
  private readonly portals = new Map<string, WirePortal>();
  private out: Buffer[] = [];
  private running: AbortController | null = null;
  /** An extended-protocol message failed: the rest up to Sync are skipped. */
  private skipToSync = false;
  /** A statement failed inside the transaction block (ReadyForQuery 'E' until it ends). */
  private blockFailed = false;
  /** A COPY FROM STDIN reading the CopyData as it comes. */
  private copyIn: { input: CopyInStream; done: Promise<CopyDone> } | null = null;
  private preparedCount = 0;
  private closing: Promise<void> | null = null;
  private readonly keepAlive: NodeJS.Timeout;
  /** Messages received, not yet served (receive). */
  private readonly inbox: ReceivedMessage[] = [];
  private draining: Promise<void> | null = null;
  private room: (() => void)[] = [];
  /** An Execute ran since the last Sync: what follows runs in the pipeline's block. */
  private executedSinceSync = false;
  /** A write to the client failed: nothing more is served. */
  private lost = false;
  /** A CancelRequest came while a statement ran. */
  private cancelRequested = false;
  /** The client_encoding the client's text is read and the answers written in (ParameterStatus reports it). */
  private encoding: ClientEncoding = UTF8;

  constructor(
    private readonly engine: WireEngine,
    private readonly write: (bytes: Buffer) => Promise<void>,
    readonly processId: number,
    /** The ParameterStatus values the client has: a SET that changes one is reported again. */
    private readonly reported: Record<string, string> = {},
  ) {
    this.session = `pgwire-${processId}`;
    // An engine session idle for long expires; this one lives as long as its socket.
    this.keepAlive = setInterval(() => engine.touchSession(this.session), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /**
   * Takes the client's next message, served in order after those before it; resolves once there is
   * room for more (the socket is read no faster than the messages are served).
   */
  receive(message: ReceivedMessage): Promise<void> {
    this.inbox.push(message);
    this.draining ??= this.drain();
    if (this.inbox.length < INBOX_LIMIT) return Promise.resolve();
    return new Promise((resolve) => this.room.push(resolve));
  }

  /** Resolves once every message received so far has been served. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      for (let m = this.inbox.shift(); m; m = this.inbox.shift()) {
        if (this.inbox.length < INBOX_LIMIT) for (const resolve of this.room.splice(0)) resolve();
        if (!this.closing && !this.lost) await this.handle(m);
      }
    } catch (e) {
      // Only a write to the client fails here (handle answers every other error): the connection is
      // lost, and nothing it sent after runs (Postgres ends the backend on a failed send).
      this.lost = true;
      this.inbox.length = 0;
      for (const resolve of this.room.splice(0)) resolve();
      console.error(
        `pgwire: connection ${this.processId} lost: ${e instanceof Error ? e.message : String(e)}`,
      );
      void this.close();
    } finally {
      this.draining = null;
    }
  }

  /**
   * Whether the portal starting now is the only statement of its pipeline: what the client sent with
   * it (drivers write Parse/Bind/Describe/Execute/Sync at once) up to Sync runs no other statement.
   * Then it runs as outside any block (nothing before or after it to roll back with it); not known
   * (the rest not come yet): it runs in the pipeline's block.
   */
  private async aloneBeforeSync(portal: string): Promise<boolean> {
    // pg-gateway hands over the rest of what was read without waiting for I/O.
    if (!this.inbox.some((m) => m.type === 'Sync')) await new Promise((resolve) => setImmediate(resolve));
    for (const m of this.inbox) {
      if (m.type === 'Sync') return true;
      const same =
        (m.type === 'Execute' && namedAs(m.portal, portal, this.encoding)) ||
        (m.type === 'Describe' && namedAs(m.name, portal, this.encoding));
      if (!same && m.type !== 'Flush' && m.type !== 'Close') return false;
    }
    return false;
  }

  /** Serves one message; every error becomes an ErrorResponse, none escapes. */
  async handle(message: ReceivedMessage): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (e) {
      const error = e instanceof WireFailure ? e.error : thrownError(e);
      if (this.copyIn) this.copyIn = null;
      this.push(errorResponse(error));
      if (this.engine.inTransaction(this.session)) this.blockFailed = true;
      // A FunctionCall is answered as a Query is: its error, then ReadyForQuery (no Sync follows it).
      const answered = ['Query', 'CopyDone', 'CopyFail'].includes(message.type) || isFunctionCall(message);
      if (answered) {
        // Postgres reports changed settings after the error, before ReadyForQuery.
        await this.reportChanges().catch(() => undefined);
        this.push(readyForQuery(this.status()));
      } else this.skipToSync = true;
    }
    await this.flush();
  }

  /**
   * Applies the settings the client asked for at start-up (`SET application_name = 'psql'`, ...) and
   * returns the ParameterStatus values it starts with; an error (a setting that does not exist, a bad
   * value) is the one the connection ends with.
   */
  async begin(
    settings: readonly StartupSetting[],
  ): Promise<{ reported: Record<string, string> } | { error: WireError }> {
    if (settings.length) {
      // SET, and kept as what RESET goes back to (Postgres makes them the session's defaults); a name
      // that is not a setting's is the engine's 42704.
      let result;
      try {
        result = await this.engine.startSession(
          this.session,
          settings.map((s) => ({ name: s.name, args: setArguments(s, sqlLiteral) })),
        );
      } catch (e) {
        return { error: thrownError(e) };
      }
      if (result.error) return { error: wireError({ ...result.error, position: undefined }) };
      await this.reportChanges();
      this.out = [];
    }
    return { reported: { ...this.reported } };
  }

  /** CancelRequest: aborts the running statement and its DynamoDB reads. */
  cancel(): void {
    if (this.running) this.cancelRequested = true;
    this.running?.abort(new Error('cancelled by the client'));
  }

  /** The socket closed: stop what runs, roll back, forget the session and its prepared statements. */
  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private async end(): Promise<void> {
    clearInterval(this.keepAlive);
    this.cancel();
    try {
      await this.engine.endPipeline(this.session, false);
      if (this.engine.inTransaction(this.session))
        await this.engine.execute('rollback', { session: this.session });
      const names = [...this.statements.values()].flatMap((s) => (s.prepared ? [s.prepared] : []));
      if (names.length)
        await this.engine.execute(names.map((n) => `deallocate ${n}`).join(';'), { session: this.session });
    } finally {
      await this.engine.closeSession(this.session);
    }
  }

  private async dispatch(received: ReceivedMessage): Promise<void> {
    if (this.copyIn) return this.copyInMessage(received);
    if (this.skipToSync && received.type !== 'Sync') return;
    // Its text in the client encoding now in force: bytes that are none of it are the message's 22021.
    const m = decodeFrontendMessage(received, this.encoding);
    switch (m.type) {
      case 'Query':
        return this.query(m.sql);
      case 'Parse':
        return this.parse(m.name, m.sql, m.paramOids);
      case 'Bind':
        return this.bind(m);
      case 'Describe':
        return m.target === 'S' ? this.describeStatement(m.name) : this.describePortal(m.name);
      case 'Execute':
        return this.execute(m.portal, m.maxRows);
      case 'Close':
        return this.closeTarget(m.target, m.name);
      case 'Sync':
        return this.sync();
      case 'Flush':
        return;
      case 'CopyData':
      case 'CopyDone':
      case 'CopyFail':
        return; // after a failed COPY FROM STDIN the rest of its data is ignored
      default:
        if (isFunctionCall(m))
          fail(SqlState.featureNotSupported, 'fastpath function calls are not supported', {
            hint: 'call the function in a query: select f(...)',
          });
        fail('08P01', `unsupported frontend message type "${m.type === 'Other' ? m.code : m.type}"`);
    }
  }

  // ---- simple query protocol ----

  private async query(sql: string): Promise<void> {
    // A pipeline left without Sync ends here, committed (Postgres commits it with the Query's statements).
    const pipelineError = await this.engine.endPipeline(this.session, true);
    if (pipelineError) throw new WireFailure(wireError(pipelineError));
    // An empty Query: EmptyQueryResponse, as Postgres answers one (the parser calls it an error).
    if (!sql.trim()) return void this.push(emptyQueryResponse(), readyForQuery(this.status()));
    // A COPY alone streams; among other statements it is one of them (sendStatement).
    const copy = statementCount(sql) === 1 ? copyShape(sql) : null;
    if (copy?.direction === 'from') {
      const input = new CopyInStream();
      let started: (columns: number) => void = () => undefined;
      const start = new Promise<number>((resolve) => (started = resolve));
      const done = this.run((signal) => {
        // A cancel, or the client gone, stops a COPY waiting for data that will not come.
        signal.addEventListener('abort', () => input.fail(new Error('COPY from stdin cancelled')), {
          once: true,
        });
        return this.engine.copyFrom(sql, input, { session: this.session, signal, onStart: started });
      });
      // The engine may fail before the data ends (CopyDone reports it); the client's data is then dropped.
      void done.then(
        () => input.abandon(),
        () => input.abandon(),
      );
      // The data is asked for once the statement is checked, as Postgres does: a missing table, a
      // wrong column or option is the error of the Query, with no CopyInResponse.
      const columns = await Promise.race([start, done.then(() => 0)]);
      this.copyIn = { input, done };
      this.push(copyResponse('in', columns));
      return;
    }
    if (copy) await this.copyOut(sql);
    else {
      // Each statement's rows are sent, all of them, before the next statement runs (the last one's,
      // when no block is open, after the message as for a single statement).
      let delivered = 0;
      const ended = new Set<string>();
      const inBlock = this.engine.inTransaction(this.session);
      const running = this.run((signal) =>
        this.engine.execute(sql, {
          session: this.session,
          signal,
          pageSize: PAGE_SIZE,
          floatsAsText: true,
          columnOrigins: true,
          copyOut: this.copyOutput(),
          queryMessage: {
            onStatement: (statement, rest) => {
              delivered++;
              for (const name of this.endedBySavepoint(statement.sql)) ended.add(name);
              return this.sendStatement(statement, rest);
            },
            onNotice: (notice) => this.push(noticeResponse(notice)),
          },
        }),
      );
      // What a ROLLBACK TO in it ended goes, though the message failed.
      const result = await running.finally(async () => {
        for (const name of ended) await this.dropPortal(name);
      });
      // A statement that ended its transaction (a failed COMMIT too) ended the portals.
      if (
        result.statements.some((s) => endsTransaction(s.sql)) ||
        (inBlock && !this.engine.inTransaction(this.session))
      )
        await this.dropPortalsEndedWithTransaction();
      if (!result.statements.length && !result.error) this.push(emptyQueryResponse());
      // A statement the block's end failed for (its COMMIT, a cancel) gets no CommandComplete.
      const failedAt = result.error?.statementIndex ?? Infinity;
      for (const statement of result.statements.slice(delivered, failedAt)) {
        for (const name of this.endedBySavepoint(statement.sql)) await this.dropPortal(name);
        await this.sendStatement(statement);
      }
      if (result.error) throw new WireFailure(wireError(result.error));
      // Nothing but ROLLBACK TO SAVEPOINT succeeds in an aborted block: one that did ended the failure.
      if (result.statements.length) this.blockFailed = false;
    }
    await this.reportChanges();
    this.push(readyForQuery(this.status()));
  }

  /** A Query's statement: its RowDescription (when it has columns), every row, and CommandComplete. */
  private async sendStatement(statement: StatementResult, rest?: StatementRest): Promise<void> {
    const running = await this.start(statement, []);
    // A COPY's CopyOutResponse and CopyData went as it ran (copyOutput).
    if (!running.copyOut && running.fields.length) this.push(rowDescription(running.fields));
    await this.sendRows(running, Infinity, rest);
  }

  // ---- COPY ----

  private async copyOut(sql: string): Promise<void> {
    const done = await this.run((signal) =>
      this.engine.copyTo(sql, { session: this.session, signal, ...this.copyOutput() }),
    );
    this.push(copyDone(), ...done.notices.map((n) => noticeResponse(n)));
    await this.capacity(done.plan, done.consumedRcu);
    this.push(commandComplete(`COPY ${done.rowCount}`));
  }

  /**
   * Where a COPY TO STDOUT's output goes, alone in its message or among other statements, as it is
   * read: CopyOutResponse with its columns, then each row (and csv's header) in a CopyData of its own,
   * as Postgres sends them (psycopg's Copy.rows() reads a row from each) — written batch by batch.
   */
  private copyOutput(): CopyOutput {
    return {
      onStart: (columns) => this.push(copyResponse('out', columns)),
      onRecords: async (records) => {
        this.push(copyDataEach(records));
        await this.flush();
      },
    };
  }

  private async copyInMessage(m: ReceivedMessage): Promise<void> {
    const copy = this.copyIn!;
    if (m.type === 'CopyData') return copy.input.pushConverted(m.bytes, this.encoding);
    if (m.type === 'Flush' || m.type === 'Sync') return;
    this.copyIn = null;
    if (m.type === 'CopyDone') copy.input.end();
    else
      copy.input.fail(
        m.type === 'CopyFail'
          ? new EngineError(
              SqlState.queryCanceled,
              `COPY from stdin failed: ${copyFailMessage(m.message, this.encoding)}`,
            )
          : new EngineError('08P01', `unexpected message type "${m.type}" during COPY from stdin`),
      );
    const done = await copy.done;
    this.push(...done.notices.map((n) => noticeResponse(n)));
    await this.capacity(done.plan, done.consumedRcu);
    this.push(commandComplete(`COPY ${done.rowCount}`));
    await this.reportChanges();
    this.push(readyForQuery(this.status()));
  }

  // ---- extended query protocol ----

  private async parse(name: string, sql: string, paramOids: readonly number[]): Promise<void> {
    if (name && this.statements.has(name)) fail('42P05', `prepared statement "${name}" already exists`);
    if (!name) await this.dropStatement('');
    if (statementCount(sql) > 1) fail('42601', 'cannot insert multiple commands into a prepared statement');
    const tokens = sqlTokens(sql);
    const highest = highestParameter(tokens);
    const site = isPreparable(sql)
      ? { kind: 'query' as const, start: 0, end: sql.length }
      : parameterSite(tokens);
    if (site?.kind === 'materialized-view' && highest)
      fail(SqlState.featureNotSupported, 'materialized views may not be defined using bound parameters');
    const binding = isPreparable(sql)
      ? 'execute'
      : site && site.kind !== 'materialized-view' && (highest || paramOids.length)
        ? 'literals'
        : 'none';
    let prepared: string | null = null;
    if (binding !== 'none' && site?.kind === 'query') {
      prepared = `__dsw${this.processId}_${++this.preparedCount}`;
      const prepare = prepareSql(prepared, sql.slice(site.start, site.end), paramOids);
      const result = await this.run((signal) =>
        this.engine.execute(prepare.sql, { session: this.session, signal }),
      );
      // Positions count characters, as Postgres's do: the PREPARE's prefix stands where the Parse's
      // text has the characters before its query (`site.start` is a string index).
      const before = prepare.prefix - codePointCount(sql, 0, site.start);
      if (result.error) throw new WireFailure(wireError(result.error, before));
    }
    const paramCount = binding === 'none' ? paramOids.length : Math.max(paramOids.length, highest);
    this.statements.set(name, {
      sql,
      paramOids,
      prepared,
      binding,
      paramCount,
      ...(binding === 'literals' && { tokens }),
    });
    this.push(parseComplete());
  }

  private async bind(m: Extract<FrontendMessage, { type: 'Bind' }>): Promise<void> {
    const statement =
      this.statements.get(m.statement) ?? fail('26000', `prepared statement "${m.statement}" does not exist`);
    if (m.params.length !== statement.paramCount)
      fail(
        '08P01',
        `bind message supplies ${m.params.length} parameters, but prepared statement "${m.statement}" requires ${statement.paramCount}`,
      );
    const binary = m.params.some((p, i) => p !== null && formatAt(m.paramFormats, i) === 1);
    // A binary value is read as its type: one Parse left open (0) is the type the host inferred.
    const oids = binary ? await this.paramOids(statement) : statement.paramOids;
    let sql = statement.sql;
    if (statement.binding === 'execute')
      sql = executeSql(statement.prepared!, m.params, m.paramFormats, oids, this.encoding);
    else if (statement.binding === 'literals')
      sql = await this.withLiterals(statement, paramTexts(m.params, m.paramFormats, oids, this.encoding));
    await this.dropPortal(m.portal);
    const depth = this.engine.savepointDepth(this.session);
    this.portals.set(m.portal, { statement, sql, resultFormats: m.resultFormats, running: null, depth });
    this.push(bindComplete());
  }

  private async describeStatement(name: string): Promise<void> {
    const statement =
      this.statements.get(name) ?? fail('26000', `prepared statement "${name}" does not exist`);
    const oids = await this.paramOids(statement);
    this.push(parameterDescription(oids));
    if (!isDescribable(statement.sql)) return void this.push(noData());
    // The columns without reading anything: EXPLAIN's plan-only run of EXECUTE with NULL arguments
    // (or of the statement with NULL literals, or as it is: `show timezone`).
    const nulls = oids.map(() => null);
    const sql =
      statement.binding === 'execute'
        ? executeSql(statement.prepared!, nulls, [], [], this.encoding)
        : statement.binding === 'literals'
          ? await this.withLiterals(statement, nulls)
          : statement.sql;
    const result = await this.run((signal) =>
      this.engine.explain(sql, { session: this.session, signal, columnOrigins: true }),
    );
    const columns = result.error ? [] : (result.statements[0]?.columns ?? []);
    this.push(columns.length ? rowDescription(await this.fields(columns, [])) : noData());
  }

  private async describePortal(name: string): Promise<void> {
    const portal = this.portals.get(name);
    if (!portal) return this.describeCursor(name);
    if (portal.running?.fields.length) this.refuseInAbortedBlock();
    const running = await this.startPortal(name, portal);
    this.push(running.fields.length ? rowDescription(running.fields) : noData());
  }

  /**
   * A Describe of a portal no Bind made: in Postgres a cursor DECLAREd by SQL is a portal too, and
   * psycopg 3's server-side cursor DECLAREs, then Describes it by name. Its columns are read without
   * moving it — a FETCH of a NO SCROLL cursor that has moved could not re-read its row —: the
   * engine's (a cursor over foreign tables) as it keeps them, a host cursor's as the host describes a
   * FETCH from it. Only a cursor of no columns, or none, is asked with a FETCH FORWARD 0 (34000):
   *   Query "declare c no scroll cursor for select id from ft; move 3 in c", Describe P 'c' → RowDescription (id text)
   *   Describe P 'nosuch' → 34000 portal "nosuch" does not exist
   */
  private async describeCursor(name: string): Promise<void> {
    const kept = this.engine.cursorColumns(this.session, name);
    if (kept) {
      if (kept.length) this.refuseInAbortedBlock();
      return void this.push(kept.length ? rowDescription(await this.fields(kept, [])) : noData());
    }
    const options = { session: this.session, floatsAsText: true, columnOrigins: true };
    const fetch = `fetch forward 0 from ${sqlIdentifier(name)}`;
    const described = await this.run((signal) => this.engine.explain(fetch, { ...options, signal }));
    const result = described.statements[0]?.columns.length
      ? described
      : await this.run((signal) => this.engine.execute(fetch, { ...options, signal }));
    if (result.error?.sqlstate === '34000') fail('34000', `portal "${name}" does not exist`);
    if (result.error) throw new WireFailure(wireError({ ...result.error, position: undefined }));
    const columns = result.statements[0]?.columns ?? [];
    this.push(columns.length ? rowDescription(await this.fields(columns, [])) : noData());
  }

  private async execute(name: string, maxRows: number): Promise<void> {
    const portal = this.portals.get(name) ?? fail('34000', `portal "${name}" does not exist`);
    // A portal that ran before the block failed (suspended, or Described): the engine's own check
    // refuses every statement that starts after.
    if (portal.running) this.refuseInAbortedBlock();
    const running = await this.startPortal(name, portal);
    if (!running.statement) return void this.push(emptyQueryResponse());
    await this.sendRows(running, maxRows > 0 ? maxRows : Infinity);
    if (running.done && portal.endsWhenDone) await this.dropPortal(name);
  }

  /** Postgres's 25P02 for an Execute (or a Describe of rows) in an aborted transaction block. */
  private refuseInAbortedBlock(): void {
    if (this.blockFailed && this.engine.inTransaction(this.session)) throw abortedBlockError();
  }

  private async closeTarget(target: 'S' | 'P', name: string): Promise<void> {
    if (target === 'S') await this.dropStatement(name);
    else await this.dropPortal(name);
    this.push(closeComplete());
  }

  private async sync(): Promise<void> {
    const failed = this.skipToSync;
    this.skipToSync = false;
    this.executedSinceSync = false;
    // Sync ends the pipeline's implicit transaction (its Executes since the last Sync): committed, or
    // rolled back when one of its messages failed; a failed COMMIT is answered before ReadyForQuery.
    const error = await this.engine.endPipeline(this.session, !failed).then(
      (e) => e && wireError(e),
      (e: unknown) => thrownError(e),
    );
    if (error) this.push(errorResponse(error));
    // Outside a transaction block Sync ends the implicit one, and with it every portal.
    if (!this.engine.inTransaction(this.session))
      for (const name of [...this.portals.keys()]) await this.dropPortal(name);
    await this.reportChanges();
    this.push(readyForQuery(this.status()));
  }

  private async startPortal(name: string, portal: WirePortal): Promise<Running> {
    if (portal.running) return portal.running;
    const { statement, sql } = portal;
    if (!statement.prepared && copyFormat(sql))
      fail(SqlState.featureNotSupported, 'COPY runs through the simple query protocol');
    // It runs in the pipeline's implicit transaction, which Sync ends, unless it is all the pipeline.
    const pipeline = this.executedSinceSync || !(await this.aloneBeforeSync(name));
    this.executedSinceSync = true;
    this.cancelRequested = false;
    const result = await this.run((signal) =>
      this.engine.execute(sql, {
        session: this.session,
        signal,
        pageSize: PAGE_SIZE,
        floatsAsText: true,
        columnOrigins: true,
        pipeline,
      }),
    );
    // A position in what runs for a bound statement is not one in the statement Parse sent.
    if (result.error)
      throw new WireFailure(
        wireError(statement.binding !== 'none' ? { ...result.error, position: undefined } : result.error),
      );
    // The transaction it ended ends the other portals (its own once it has answered: `execute`), as
    // does a ROLLBACK TO SAVEPOINT those bound since the savepoint.
    if (endsTransaction(statement.sql)) {
      portal.endsWhenDone = true;
      await this.dropPortalsEndedWithTransaction(name);
    } else for (const ended of this.endedBySavepoint(statement.sql, name)) await this.dropPortal(ended);
    // A cancel the host could not act on (pg_sleep on PGlite): the pipeline's block rolls back at Sync.
    if (this.cancelRequested && this.engine.pipelineOpen(this.session))
      fail(SqlState.queryCanceled, 'canceling statement due to user request');
    const first = result.statements[0];
    // As for a Query: a statement that ran in an aborted block was ROLLBACK TO SAVEPOINT.
    if (first) this.blockFailed = false;
    portal.running = first
      ? await this.start(first, portal.resultFormats)
      : {
          statement: null,
          fields: [],
          rows: [],
          cursor: null,
          rowsSent: 0,
          consumedRcu: 0,
          done: true,
          copyOut: false,
        };
    return portal.running;
  }

  /** The parameter types (Describe, binary Bind): text where neither Parse nor the host tells. */
  private async paramOids(statement: WireStatement): Promise<readonly number[]> {
    statement.known ??= await this.inferParamOids(statement);
    return statement.known.map((oid) => oid || Oid.text);
  }

  private async inferParamOids(statement: WireStatement): Promise<number[]> {
    // `unknown` declared is a type left open, as Postgres takes it.
    const given = statement.paramOids.map((oid) => (oid === Oid.unknown ? 0 : oid));
    const count = Math.max(given.length, statement.paramCount);
    let inferred: number[] = [];
    // The host infers the types of a statement it prepared; one the engine keeps (foreign tables) does not tell.
    if (statement.prepared && (given.length < count || given.includes(0))) {
      const result = await this.engine.execute(
        `select unnest(parameter_types)::oid::int from pg_catalog.pg_prepared_statements where name = ${sqlLiteral(statement.prepared)}`,
        { session: this.session },
      );
      inferred = result.error ? [] : (result.statements[0]?.rows ?? []).map((r) => Number(r[0]));
    }
    return Array.from({ length: Math.max(count, inferred.length) }, (_, i) => given[i] || inferred[i] || 0);
  }

  /** The statement with `values` as literals at its `$n`, each cast to its parameter's type where known. */
  private async withLiterals(statement: WireStatement, values: readonly (string | null)[]): Promise<string> {
    if (!statement.typeNames) {
      statement.known ??= await this.inferParamOids(statement);
      statement.typeNames = await this.typeNames(statement.known);
    }
    return literalSql(statement.sql, statement.tokens ?? [], values, statement.typeNames);
  }

  /** Each type's schema-qualified name (`pg_catalog.bpchar`: no typmod a keyword name implies), null for 0. */
  private async typeNames(oids: readonly number[]): Promise<(string | null)[]> {
    if (!oids.some((oid) => oid)) return oids.map(() => null);
    const result = await this.engine.execute(
      `select case when t.oid is not null then pg_catalog.format('%I.%I', n.nspname, t.typname) end` +
        ` from pg_catalog.unnest('{${oids.join(',')}}'::pg_catalog.oid[]) with ordinality as u(oid, i)` +
        ` left join pg_catalog.pg_type t on t.oid = u.oid left join pg_catalog.pg_namespace n on n.oid = t.typnamespace` +
        ` order by u.i`,
      { session: this.session },
    );
    const rows = result.error ? [] : (result.statements[0]?.rows ?? []);
    return oids.map((_, i) => (rows[i]?.[0] as string | null | undefined) ?? null);
  }

  private async dropStatement(name: string): Promise<void> {
    const statement = this.statements.get(name);
    if (!statement) return;
    this.statements.delete(name);
    if (statement.prepared)
      await this.engine.execute(`deallocate ${statement.prepared}`, { session: this.session });
  }

  /**
   * After a statement that ran (`running`: the portal that ran it): the portals a ROLLBACK TO
   * SAVEPOINT ended, those bound since the savepoint (the running one is dropped once it has
   * answered); a RELEASE gives them to the savepoint before. As Postgres's AtSubAbort/AtSubCommit_Portals.
   * The caller drops them (not while the engine runs a Query message: a cursor's close waits for it).
   */
  private endedBySavepoint(sql: string, running?: string): string[] {
    const end = savepointEnd(sql);
    if (!end) return [];
    const depth = this.engine.savepointDepth(this.session);
    const ended: string[] = [];
    for (const [name, portal] of this.portals) {
      if (end === 'release') portal.depth = Math.min(portal.depth, depth);
      else if (portal.depth < depth) continue;
      else if (name === running) portal.endsWhenDone = true;
      else ended.push(name);
    }
    return ended;
  }

  /** A COMMIT or ROLLBACK ended the transaction: its portals end with it (but the one running it), as in Postgres. */
  private async dropPortalsEndedWithTransaction(running?: string): Promise<void> {
    for (const name of [...this.portals.keys()]) if (name !== running) await this.dropPortal(name);
  }

  private async dropPortal(name: string): Promise<void> {
    const cursor = this.portals.get(name)?.running?.cursor;
    this.portals.delete(name);
    if (cursor) await this.engine.closeCursor(cursor, { session: this.session });
  }

  // ---- results ----

  private async start(statement: StatementResult, resultFormats: readonly number[]): Promise<Running> {
    return {
      statement,
      fields: await this.fields(statement.columns, resultFormats),
      rows: statement.rows,
      cursor: statement.cursor,
      rowsSent: 0,
      consumedRcu: statement.consumedRcu,
      done: false,
      // Only a Query message runs a COPY (Parse refuses one), and its output streamed (copyOutput).
      copyOut: statement.command === 'COPY',
    };
  }

  private async fields(columns: readonly Column[], formats: readonly number[]): Promise<WireField[]> {
    // The engine's RowDescription fields (columnOrigins), else the type by its name and Postgres's defaults.
    const named = columns.filter((c) => !c.typeOid);
    const oids = named.length ? await this.engine.typeOids(named.map((c) => c.type)) : [];
    let k = 0;
    return columns.map((c, i) => ({
      name: c.name,
      typeOid: c.typeOid || oids[k++] || Oid.text,
      typmod: c.typmod ?? -1,
      tableOid: c.tableOid ?? 0,
      attnum: c.attnum ?? 0,
      format: formatAt(formats, i),
    }));
  }

  /**
   * Sends up to `limit` rows, then PortalSuspended, or (all sent) notices and CommandComplete. `rest`:
   * the statement is running in a Query message (its session busy), which reads its pages.
   */
  private async sendRows(running: Running, limit: number, rest?: StatementRest): Promise<void> {
    const statement = running.statement!;
    // statement_timeout: the rows of the command that ran the statement go on with its clock; a
    // later Execute of the portal is timed from its own start.
    const since = running.rowsSent === 0 ? ('statement' as const) : performance.now();
    let sent = 0;
    while (!running.done) {
      const take = running.rows.splice(0, limit - sent);
      for (const row of take) this.push(dataRow(rowValues(row, running.fields, {}, this.encoding)));
      sent += take.length;
      running.rowsSent += take.length;
      if (sent >= limit && (running.rows.length || running.cursor)) return void this.push(portalSuspended());
      if (!running.cursor) break;
      await this.flush();
      const cursor = running.cursor;
      const pageSize = Math.min(PAGE_SIZE, limit - sent);
      const page = rest
        ? await rest.next(pageSize)
        : await this.run((signal) =>
            this.engine.next(cursor, { session: this.session, signal, pageSize, since }),
          );
      running.rows = page.rows;
      running.cursor = page.cursor;
      running.consumedRcu += page.consumedRcu;
    }
    if (!running.done) {
      running.done = true;
      if (running.copyOut) this.push(copyDone());
      this.push(...statement.notices.map((n) => noticeResponse(n)));
      await this.capacity(statement.plan, running.consumedRcu, rest);
      // The last statement of a message ends its implicit block before its CommandComplete.
      await rest?.end();
      // The session's prepared statements went, this connection's named ones among them (as in Postgres).
      if (statement.command === 'DISCARD ALL' || statement.command === 'DEALLOCATE ALL')
        this.statements.clear();
    }
    const hasColumns = running.fields.length > 0;
    this.push(commandComplete(commandTag(statement.command, statement.rowCount, sent, hasColumns)));
  }

  /** The NOTICE of access paths and capacity, unless `dynascope.capacity_notices` is off. */
  private async capacity(plan: Plan | null, consumedRcu: number, rest?: StatementRest): Promise<void> {
    const notice = capacityNotice(plan, consumedRcu);
    if (!notice) return;
    const on = await (
      rest ? rest.capacityNotices() : this.engine.sessionSettings(this.session).then((s) => s.capacityNotices)
    ).catch(() => false);
    if (on) this.push(noticeResponse(notice));
  }

  /**
   * Before each ReadyForQuery: ParameterStatus for each reported setting whose value the session's
   * statements left changed, as Postgres reports them at the end of any statement — a SET, a RESET,
   * the ROLLBACK (or ROLLBACK TO SAVEPOINT, or COMMIT of a SET LOCAL) that undid one:
   *   `SET TimeZone = 'UTC'` → TimeZone UTC;  `begin; set local intervalstyle = 'iso_8601'; rollback` → none
   * The values are the engine's session settings, read again only after a statement that may have
   * changed one (server-parameters.ts hostParameters).
   */
  private async reportChanges(): Promise<void> {
    const now = await hostParameters(this.engine, this.session);
    for (const [name, value] of Object.entries(now ?? {})) {
      if (this.reported[name] === value) continue;
      this.reported[name] = value;
      // What follows goes out in it (the engine refused, at SET, any the wire cannot convert).
      if (name === 'client_encoding') this.encoding = clientEncoding(value) ?? this.encoding;
      this.push(parameterStatus(name, value));
    }
  }

  // ---- plumbing ----

  /** Runs engine work that CancelRequest (or the socket closing) aborts. */
  private async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running = controller;
    try {
      return await work(controller.signal);
    } catch (e) {
      if (controller.signal.aborted && !(e instanceof EngineError))
        fail(SqlState.queryCanceled, 'canceling statement due to user request');
      throw e;
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  private status(): TransactionStatus {
    if (!this.engine.inTransaction(this.session)) {
      this.blockFailed = false;
      return 'I';
    }
    return this.blockFailed ? 'E' : 'T';
  }

  private push(...messages: Buffer[]): void {
    this.out.push(...messages.map((m) => inClientEncoding(m, this.encoding)));
  }

  private async flush(): Promise<void> {
    if (!this.out.length) return;
    const bytes = Buffer.concat(this.out);
    this.out = [];
    await this.write(bytes);
  }
}

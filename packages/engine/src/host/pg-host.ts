import type { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin, to as copyToStdout } from 'pg-copy-streams';
import type { Host, HostDescription, HostField, HostResult } from './host';
import { ENTER_USER_ROLE } from './user-role';
import { asOwnerOf, inTransactionOf } from './owner-work';
import { ContextMutex } from '../util/context-mutex';
import { EngineError, SqlState } from '../errors';
import { stdioCopy } from './pg-stdio-copy';
import { PgCatalogWatch } from './pg-catalog-watch';
import { CATALOG_CHANNEL } from './catalog-notify';
import { withStandardStrings } from './standard-strings-url';
import { atStringIndex } from './host-error-position';
import { cancelBackend } from './cancel-backend';
import { hostField, type RowDescriptionField } from './host-field';

/** Every type as Postgres's text output: node-postgres's own parsers (int8, numeric, json, dates) are replaced. */
const TEXT_ONLY: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value } as never;

/** Collations (provider:name) that order UTF-8 text by code point, i.e. bytewise. */
const BYTEWISE_COLLATIONS = new Set(['c:C', 'c:POSIX', 'c:C.UTF-8', 'c:C.utf8', 'b:C', 'b:C.UTF-8']);

/** Commands whose tag counts rows the statement changed (as PGlite's `affectedRows` counts them). */
const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE']);

/**
 * A PostgreSQL server as the host (`DYNASCOPE_DATABASE_URL`): one connection of node-postgres.
 * Every value comes back as Postgres's text output, statements run through the extended protocol,
 * notices go to the caller that ran the statement, and the transaction state is the server's own
 * (ReadyForQuery). `openSession()` opens another connection to the same database for a session of
 * its own: sessions on a server need no exclusion.
 *
 * The URL must name a superuser, as PGlite's one login is: user SQL runs after
 * `SET SESSION AUTHORIZATION dynascope_user` and the engine's own work returns to the owner the
 * same way (statement-policy.ts refuses user SQL that would). `SET ROLE` by a non-superuser could
 * be undone by user SQL (`RESET ROLE`), so a non-superuser URL is refused at connect.
 */
export class PgHost implements Host {
  private ownerDepth = 0;
  /** Names this host's savepoints (`dynascope_sp_1`, ...). */
  private savepoints = 0;
  /** Set by close(): every later call fails with it. */
  private closed: Error | null = null;
  /** The connection the server ended or that failed: a session's calls fail with it from then on. */
  private lost: Error | null = null;
  /** Where the running statement's notices go; statements on one connection run one at a time. */
  private onNotice: ((message: string) => void) | undefined;
  private readonly lock = new ContextMutex();
  /** The engine's own host connects again after losing its connection (it keeps no session state). */
  private reconnects = false;
  /**
   * Calls in progress (a query, a COPY, a describe, or a transaction or owner scope around them):
   * while none is, there is nothing for cancel() to cancel.
   */
  private running = 0;
  /** A CancelRequest on its way: the next call waits for it, so that it cannot cancel that call. */
  private cancelling: Promise<void> | null = null;

  private constructor(
    private client: pg.Client,
    private readonly url: string,
    /** The superuser the URL logs in as (`RESET SESSION AUTHORIZATION` is not used to return to it). */
    private readonly owner: string,
  ) {
    this.listen(client);
  }

  /** Follows a connection while it is this host's (a replaced one's late events change nothing). */
  private listen(client: pg.Client): void {
    const current = () => client === this.client;
    client.on('notice', (n) => current() && this.onNotice?.(n.message ?? ''));
    // A session's own connection listens too: the change it commits is told before its statement's
    // answer. Only its own: any connection may notify that channel (catalog-notify.ts).
    client.on(
      'notification',
      (n) =>
        current() &&
        n.channel === CATALOG_CHANNEL &&
        n.processId === (client as unknown as PgBackend).processID &&
        this.onCatalogChange?.(n.payload),
    );
    client.on('error', (e) => current() && (this.lost ??= e));
    client.on(
      'end',
      () => current() && (this.lost ??= new Error('the PostgreSQL host connection has ended')),
    );
  }

  /** Connects as the URL's role, which must be a superuser; the caller bootstraps and enters the user role. */
  static async connect(url: string): Promise<PgHost> {
    const { client, owner } = await connectClient(url);
    return new PgHost(client, url, owner);
  }

  /**
   * The engine's own host (catalog, vault, type names): when the server ends its connection (a
   * restart, an administrator), the next call connects again, in the user role, instead of failing
   * from then on. Sessions' hosts do not: their temp tables, settings and block are gone with it.
   */
  reconnecting(): this {
    this.reconnects = true;
    return this;
  }

  private async reconnect(): Promise<void> {
    const { client } = await connectClient(this.url);
    try {
      await client.query(ENTER_USER_ROLE);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    const old = this.client;
    this.client = client;
    this.listen(client);
    await old.end().catch(() => undefined);
    this.lost = null;
    this.ownerDepth = 0;
  }

  /** The engine's own host's watch over catalog changes (watchCatalog). */
  private catalogWatch: PgCatalogWatch | undefined;

  /** A connection of its own listens (pg-catalog-watch.ts): this one runs the engine's work, in turns. */
  async watchCatalog(onChange: (transaction?: string) => void): Promise<void> {
    await this.catalogWatch?.close();
    this.catalogWatch = await PgCatalogWatch.start(this.url, onChange);
  }

  /** What `close()` tells (a session's connection leaving its pool). */
  private onClose: (() => void) | undefined;
  /** Told when this connection hears of a catalog change (a session's: openSession). */
  private onCatalogChange: ((transaction?: string) => void) | undefined;

  /**
   * Another connection to the same database, already in the user role: a session's own host. With
   * `onCatalogChange` it listens for catalog changes (catalog-notify.ts): Postgres tells a listening
   * connection of its own change as its transaction commits, before the statement's answer, where the
   * engine's watch (watchCatalog) hears of it a moment later.
   */
  async openSession(onClose?: () => void, onCatalogChange?: (transaction?: string) => void): Promise<PgHost> {
    const host = await PgHost.connect(this.url);
    host.onClose = onClose;
    host.onCatalogChange = onCatalogChange;
    try {
      await host.exec(onCatalogChange ? `${ENTER_USER_ROLE}; listen ${CATALOG_CHANNEL}` : ENTER_USER_ROLE);
    } catch (e) {
      await host.close();
      throw e;
    }
    return host;
  }

  /**
   * One call at a time on the connection (`transaction(fn)` and `asOwner(fn)`: all of `fn`, re-entrant
   * by async context), so that callers sharing it (the engine's own work) never run inside each
   * other's owner scope or transaction, and notices reach the caller whose statement raised them.
   * A failed call returns once the server is ready again: node-postgres rejects on the error,
   * before the ReadyForQuery that tells the transaction state `inTransaction()` reports. An error of
   * `sent` has its position as a string index of it (host-error-position.ts).
   */
  private serial<T>(fn: () => Promise<T>, sent?: string): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    if (this.lost && !this.reconnects) return Promise.reject(this.lost);
    return this.lock.run(async () => {
      if (this.closed) throw this.closed;
      if (this.lost && this.ownerDepth === 0) await this.reconnect();
      if (this.cancelling) await this.cancelling;
      try {
        this.running++;
        return await fn();
      } catch (e) {
        if (!(this.client as unknown as { readyForQuery: boolean }).readyForQuery && !this.lost)
          await readyOrGone(this.client.connection);
        throw sent === undefined ? e : atStringIndex(e, sent);
      } finally {
        this.running--;
      }
    });
  }

  cancel(): Promise<void> {
    const { host, port, processID, secretKey } = this.client as unknown as PgBackend;
    if (this.running === 0 || this.closed || this.lost || processID === null || secretKey === null)
      return this.cancelling ?? Promise.resolve();
    const sent = cancelBackend({ host, port, processId: processID, secretKey }).finally(() => {
      if (this.cancelling === sent) this.cancelling = null;
    });
    this.cancelling = sent;
    return sent;
  }

  query(
    sql: string,
    params: readonly unknown[] = [],
    onNotice?: (message: string) => void,
  ): Promise<HostResult> {
    return this.serial(async () => {
      this.onNotice = onNotice;
      try {
        const config = { text: sql, values: [...params], rowMode: 'array' as const, queryMode: 'extended' };
        const r = await this.client.query<(string | null)[]>(config);
        return {
          fields: r.fields.map(hostField),
          rows: r.rows,
          affectedRows: COUNTED.has(r.command) ? (r.rowCount ?? 0) : 0,
        };
      } finally {
        this.onNotice = undefined;
      }
    }, sql);
  }

  copyBlob(
    sql: string,
    input?: Uint8Array,
  ): Promise<{ output: Uint8Array | undefined; affectedRows: number | undefined }> {
    const copy = stdioCopy(sql);
    // As the user role: COPY FROM STDIN / TO STDOUT needs no privilege beyond the table's, and user
    // code (a default, a domain's CHECK, a trigger) may run inside it.
    return this.serial(async () => {
      if (this.ownerDepth > 0) throw new Error("the engine's COPY does not run inside the owner's work");
      if (copy.direction === 'to') {
        const stream = this.client.query(copyToStdout(copy.sql));
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return { output: new Uint8Array(Buffer.concat(chunks)), affectedRows: stream.rowCount };
      }
      const stream = this.client.query(copyFromStdin(copy.sql));
      await pipeline(Readable.from([Buffer.from(input ?? new Uint8Array())]), stream);
      return { output: undefined, affectedRows: stream.rowCount };
    }, copy.sql);
  }

  /** Parse and Describe of the unnamed statement, then Sync: its parameters and result columns, nothing executed. */
  describe(sql: string, declared: readonly number[] = []): Promise<HostDescription> {
    return this.serial(
      () =>
        new Promise<HostDescription>((resolve, reject) => {
          let fields: HostField[] = [];
          let paramTypes: number[] = [];
          // node-postgres hands its query no ParameterDescription: it is read off the connection meanwhile.
          const onParameters = (msg: { dataTypeIDs: number[] }) => void (paramTypes = msg.dataTypeIDs);
          let connection: DescribeConnection | undefined;
          const done = () => connection?.removeListener('parameterDescription', onParameters);
          const describe = {
            submit(c: DescribeConnection) {
              connection = c;
              c.on('parameterDescription', onParameters);
              c.parse({ text: sql, types: [...declared] });
              c.describe({ type: 'S' });
              c.sync();
            },
            handleRowDescription(msg: { fields: RowDescriptionField[] }) {
              fields = msg.fields.map(hostField);
            },
            handleError: (e: Error) => (done(), reject(e)),
            handleReadyForQuery: () => (done(), resolve({ fields, paramTypes })),
            handleEmptyQuery() {},
            handleCommandComplete() {},
            handleDataRow() {},
            handlePortalSuspended() {},
            handleCopyInResponse() {},
            handleCopyData() {},
          };
          this.client.query(describe as never);
        }),
      sql,
    );
  }

  async exec(sql: string): Promise<void> {
    await this.serial(() => this.client.query(sql), sql);
  }

  asOwner<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      if (this.ownerDepth > 0) return fn();
      this.ownerDepth++;
      try {
        return await asOwnerOf(this, this.owner, fn, async (e) => {
          this.lost = new Error('the PostgreSQL host could not return to the user role', { cause: e });
          await this.client.end().catch(() => undefined);
        });
      } finally {
        this.ownerDepth--;
      }
    });
  }

  inTransaction(): boolean {
    return this.client.getTransactionStatus() !== 'I';
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial(() => inTransactionOf(this, `dynascope_sp_${++this.savepoints}`, fn));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = new Error('the PostgreSQL host connection is closed');
    this.onClose?.();
    await this.catalogWatch?.close();
    await this.client.end().catch(() => undefined);
  }
}

/** What node-postgres's client knows of its backend (BackendKeyData) and where it is. */
interface PgBackend {
  readonly host: string;
  readonly port: number;
  readonly processID: number | null;
  readonly secretKey: number | null;
}

/** What the describe submittable is handed: node-postgres's connection, as pg-cursor uses it. */
interface DescribeConnection extends Pick<EventEmitter, 'on' | 'removeListener'> {
  parse(msg: { text: string; types: number[] }): void;
  describe(msg: { type: 'S' }): void;
  sync(): void;
}

/** A connection as the URL's role, checked: a superuser, in a C-collation UTF8 database. */
async function connectClient(url: string): Promise<{ client: pg.Client; owner: string }> {
  const client = new pg.Client({ ...withStandardStrings(url), types: TEXT_ONLY });
  await client.connect();
  try {
    const r = await client.query<string[]>({
      text: `select session_user, r.rolsuper::text, d.datlocprovider::text || ':' || d.datcollate,
                    pg_catalog.pg_encoding_to_char(d.encoding)
               from pg_catalog.pg_roles r, pg_catalog.pg_database d
              where r.rolname = session_user and d.datname = pg_catalog.current_database()`,
      rowMode: 'array',
    });
    const [owner, superuser, collation, encoding] = r.rows[0]! as [string, string, string, string];
    if (superuser !== 'true')
      throw new EngineError(
        SqlState.insufficientPrivilege,
        `DYNASCOPE_DATABASE_URL must log in as a superuser (${owner} is not)`,
        {
          hint: 'Dynascope runs user SQL as the role dynascope_user by SET SESSION AUTHORIZATION, which needs a superuser: give it a database of its own and a superuser role for it',
        },
      );
    // Text compares bytewise as in DynamoDB and PGlite: the engine's own ordering (streaming
    // evaluation, key order) and the host's must agree.
    if (!BYTEWISE_COLLATIONS.has(collation) || encoding !== 'UTF8')
      throw new EngineError(
        SqlState.invalidParameterValue,
        `the database of DYNASCOPE_DATABASE_URL must use the C collation and UTF8 (it has ${collation}, ${encoding})`,
        { hint: "create database dynascope template template0 encoding 'UTF8' locale 'C'" },
      );
    return { client, owner };
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

/** Resolves at the connection's next ReadyForQuery, or when it ends or fails. */
function readyOrGone(connection: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['readyForQuery', 'end', 'error']) connection.off(event, done);
      resolve();
    };
    for (const event of ['readyForQuery', 'end', 'error']) connection.once(event, done);
  });
}

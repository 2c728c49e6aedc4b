import { Worker } from 'node:worker_threads';
import { CATALOG_CHANNEL } from './catalog-notify';
import type { Host, HostDescription, HostResult } from './host';
import { asOwnerOf, asRoleOf, inTransactionOf } from './owner-work';
import { COPY_ROLE } from './user-role';
import { atStringIndex } from './host-error-position';

interface Reply {
  readonly id: number;
  readonly value?: unknown;
  readonly error?: { message: string } & Record<string, unknown>;
  readonly inTransaction: boolean;
  /** The catalog changed (a notification on catalog-notify.ts's channel) since the last answer. */
  readonly catalogChanged?: true;
}

/**
 * The PGlite host, persisted in `dataDir` (or in memory when none is given), running on a worker
 * thread (pglite-worker.mjs): its WASM work never blocks this thread's HTTP and DynamoDB sockets.
 * Every value comes back as Postgres's text output; the engine decides what becomes a JS number.
 * It is one connection: sessions take turns on it, call by call (shared-connection.ts).
 */
export class PGliteHost implements Host {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  private transactionOpen = false;
  private stopped: Error | null = null;
  private ownerDepth = 0;
  /** Names this host's savepoints (`dynascope_sp_1`, ...). */
  private savepoints = 0;
  /** The superuser PGlite authenticates as (`RESET SESSION AUTHORIZATION` does not return to it). */
  private owner = 'postgres';
  /** Told of catalog changes (watchCatalog). */
  private onCatalogChange: (() => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (!this.pending.size) worker.unref();
      this.transactionOpen = reply.inTransaction;
      // Before the caller goes on: its next lookups must already follow the change.
      if (reply.catalogChanged) this.onCatalogChange?.();
      if (reply.error) p.reject(Object.assign(new Error(reply.error.message), reply.error));
      else p.resolve(reply.value);
    });
    const fail = (e: Error) => {
      this.stopped = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the embedded Postgres (PGlite worker) has stopped')));
  }

  static async open(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PGliteHost> {
    const host = new PGliteHost(new Worker(new URL('./pglite-worker.mjs', import.meta.url)));
    const loadDataDir = options.loadDataDir
      ? new Uint8Array(await options.loadDataDir.arrayBuffer())
      : undefined;
    try {
      await host.call(
        'open',
        { dataDir: options.dataDir, loadDataDir },
        loadDataDir ? [loadDataDir.buffer as ArrayBuffer] : [],
      );
      host.owner = (await host.query('select session_user')).rows[0]![0]!;
    } catch (e) {
      await host.worker.terminate();
      throw e;
    }
    return host;
  }

  /** An error of `args.sql` has its position as a string index of it (host-error-position.ts). */
  private call<T>(op: string, args: Record<string, unknown> = {}, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = ++this.nextId;
    const sent = args.sql;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject: typeof sent === 'string' ? (e) => reject(atStringIndex(e, sent)) : reject,
      });
      this.worker.ref();
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  async query(
    sql: string,
    params: readonly unknown[] = [],
    onNotice?: (message: string) => void,
  ): Promise<HostResult> {
    const r = await this.call<HostResult & { notices: string[] }>('query', { sql, params: [...params] });
    if (onNotice) for (const n of r.notices) onNotice(n);
    return { fields: r.fields, rows: r.rows, affectedRows: r.affectedRows };
  }

  /**
   * PGlite's COPY through memory names the file '/dev/blob', which needs pg_read_server_files /
   * pg_write_server_files: it runs as COPY_ROLE (user-role.ts), never as the superuser, since user
   * code (a default, a domain's CHECK, a trigger) may run inside it.
   */
  async copyBlob(
    sql: string,
    input?: Uint8Array,
  ): Promise<{ output: Uint8Array | undefined; affectedRows: number | undefined }> {
    if (this.ownerDepth > 0) throw new Error("the engine's COPY does not run inside the owner's work");
    const r = await asRoleOf(
      this,
      COPY_ROLE,
      () =>
        this.call<{ output?: Uint8Array; affectedRows?: number }>('query', {
          sql,
          params: [],
          ...(input && { blob: input }),
        }),
      (e) => this.stuck(e),
    );
    return { output: r.output, affectedRows: r.affectedRows };
  }

  describe(sql: string, paramTypes: readonly number[] = []): Promise<HostDescription> {
    return this.call('describe', { sql, paramTypes });
  }

  async exec(sql: string): Promise<void> {
    await this.call('exec', { sql });
  }

  async asOwner<T>(fn: () => Promise<T>): Promise<T> {
    if (this.ownerDepth > 0) return fn();
    this.ownerDepth++;
    try {
      return await asOwnerOf(this, this.owner, fn, (e) => this.stuck(e));
    } finally {
      this.ownerDepth--;
    }
  }

  /** The connection could not return to the user role: it ends (user SQL must never run as another). */
  private async stuck(e: unknown): Promise<void> {
    this.stopped = new Error('the embedded Postgres could not return to the user role', { cause: e });
    await this.worker.terminate();
  }

  inTransaction(): boolean {
    return this.transactionOpen;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransactionOf(this, `dynascope_sp_${++this.savepoints}`, fn);
  }

  /** The data directory as a gzip tarball (`loadDataDir` takes it back). */
  async dump(): Promise<Blob> {
    return new Blob([await this.call<Uint8Array>('dump')]);
  }

  /** PGlite listens on its one connection: the answer to the statement that committed a change tells. */
  async watchCatalog(onChange: () => void): Promise<void> {
    this.onCatalogChange = onChange;
    await this.call('listen', { channel: CATALOG_CHANNEL });
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.call('close').catch(() => undefined);
    await this.worker.terminate();
  }
}

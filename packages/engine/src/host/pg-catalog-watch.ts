import pg from 'pg';
import { SHARED_CHANNEL_SQL } from './catalog-notify';

/** How long after losing its connection the watch connects again. */
const RETRY_MS = 1_000;

/**
 * A PostgreSQL host's catalog changes, told as they are committed by any connection (another API
 * process's sessions, DDL hidden in a function): a connection of its own, as the host's owner, reads
 * the database's shared channel (catalog-notify.ts: a name user SQL cannot know), LISTENs on it and
 * calls `onChange` with each notification's transaction id. Postgres sends one to an idle listener at once,
 * so another process's change is followed within milliseconds of its COMMIT (a statement that starts
 * in between still plans with what was there before). A lost connection calls `onChange` too (what
 * was committed meanwhile went untold) and connects again every second until `close()`.
 */
export class PgCatalogWatch {
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly onChange: (transaction?: string) => void,
  ) {}

  /** Connected and listening; throws when the first connection fails. */
  static async start(url: string, onChange: (transaction?: string) => void): Promise<PgCatalogWatch> {
    const watch = new PgCatalogWatch(url, onChange);
    try {
      await watch.connect();
    } catch (e) {
      await watch.close();
      throw e;
    }
    return watch;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    let channel: string | undefined;
    client.on('notification', (n) => n.channel === channel && this.onChange(n.payload));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      const name = String((await client.query<{ name: string }>(SHARED_CHANNEL_SQL)).rows[0]!.name);
      await client.query(`listen ${client.escapeIdentifier(name)}`);
      channel = name;
    } catch (e) {
      this.lost(client);
      throw e;
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.onChange();
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed) this.connect().catch(() => undefined);
    }, RETRY_MS);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

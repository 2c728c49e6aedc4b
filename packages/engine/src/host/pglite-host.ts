import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Host, HostField, HostResult } from './host';

const identity = (value: string) => value;

let savepointCounter = 0;

/** The PGlite host, persisted in `dataDir` (or in memory when none is given). */
export class PGliteHost implements Host {
  /**
   * Every type comes back as Postgres's text output; the engine decides what becomes a JS number.
   * PGlite parses the types it knows (int8, numeric, json, dates, arrays): map each of those to identity.
   */
  private constructor(
    private readonly db: PGlite,
    private readonly rawText: Record<number, (v: string) => string>,
  ) {}

  static async open(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PGliteHost> {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const db = await PGlite.create({
      ...(options.dataDir && { dataDir: options.dataDir }),
      ...(options.loadDataDir && { loadDataDir: options.loadDataDir }),
    });
    const oids = await db.query<{ oid: number }>('select oid::int from pg_type');
    return new PGliteHost(db, Object.fromEntries(oids.rows.map((r) => [r.oid, identity])));
  }

  async query(sql: string, params: readonly unknown[] = [], onNotice?: (message: string) => void): Promise<HostResult> {
    const result = await this.db.query<unknown[]>(sql, params as unknown[], {
      rowMode: 'array',
      parsers: this.rawText,
      ...(onNotice && { onNotice: (n: { message?: string }) => onNotice(n.message ?? '') }),
    });
    return {
      fields: result.fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })),
      rows: result.rows as (string | null)[][],
      affectedRows: result.affectedRows,
    };
  }

  async describe(sql: string): Promise<HostField[]> {
    const d = await this.db.describeQuery(sql);
    return d.resultFields.map((f) => ({ name: f.name, typeId: f.dataTypeID }));
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  inTransaction(): boolean {
    return this.db.isInTransaction();
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const nested = this.db.isInTransaction();
    const savepoint = `dynascope_sp_${++savepointCounter}`;
    await this.db.exec(nested ? `savepoint ${savepoint}` : 'begin');
    try {
      const value = await fn();
      await this.db.exec(nested ? `release savepoint ${savepoint}` : 'commit');
      return value;
    } catch (e) {
      await this.db.exec(nested ? `rollback to savepoint ${savepoint}` : 'rollback').catch(() => undefined);
      throw e;
    }
  }

  async dump(): Promise<Blob> {
    return (await this.db.dumpDataDir('gzip')) as Blob;
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

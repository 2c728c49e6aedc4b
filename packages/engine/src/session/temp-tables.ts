import type { Host } from '../host/host';
import { quoteIdent } from '../parse/ast';
import { transactionReadOnly } from '../txn/read-only-refusal';
import { deleteStagedSql, ensureStagedRowsTable, truncateStagedSql } from './staged-rows';

/**
 * The temp tables statements load items into, kept between statements: creating and dropping two
 * tables cost a join more than reading its items. A released table is emptied (TRUNCATE) and handed
 * to the next statement needing the same columns; its name, and so the rewritten statement's text,
 * repeats — which lets the host's result description be reused too.
 *
 * Inside an explicit transaction tables are created and dropped per statement as before: a ROLLBACK
 * would undo a CREATE or a TRUNCATE behind the pool's back. Inside a read-only one, where Postgres
 * refuses CREATE TABLE, a read's items are staged in the session's one table of JSON batches instead
 * (staged-rows.ts, made at the block's BEGIN): `isStaged(name)`. Outside a block a table is made in a
 * read-write block of its own (default_transaction_read_only may be on).
 */
export class TempTables {
  /** Empty pooled tables by column definition. */
  private readonly free = new Map<string, string[]>();
  /** Every pooled table (free or in use) and its column definition. */
  private readonly pooled = new Map<string, string>();
  /** Rows loaded into a pooled table, and rows deleted from it since it was last truncated. */
  private readonly rows = new Map<string, { loaded: number; dead: number }>();
  /** Names whose rows are staged (staged-rows.ts), not a table of their own. */
  private readonly staged = new Set<string>();
  /** Staged names whose items are staged one a row: a TABLESAMPLE draws them (plan/statement/staged-sample.ts). */
  private readonly oneByOne = new Set<string>();
  /** Whether the staged rows' table is known to exist (checked again after DDL or DISCARD). */
  private stagingReady = false;
  /** Rows staged since the staged rows' table was last truncated (all of them dead once read). */
  private stagedRows = 0;

  constructor(private readonly nextName: () => string) {}

  /** An empty temp table with these columns (`"a" text, "b" numeric`). */
  async acquire(host: Host, columns: string): Promise<string> {
    if (!host.inTransaction()) {
      const name = this.free.get(columns)?.pop();
      if (name) return name;
    } else if (await transactionReadOnly(host)) {
      const name = this.nextName();
      this.staged.add(name);
      return name;
    }
    const name = this.nextName();
    const create = `create temp table ${quoteIdent(name)} (${columns})`;
    await hostDdl(host, create);
    if (!host.inTransaction()) {
      this.pooled.set(name, columns);
      this.rows.set(name, { loaded: 0, dead: 0 });
    }
    return name;
  }

  /** Whether a name's rows are staged in the session's table of JSON batches (staged-rows.ts). */
  isStaged(name: string): boolean {
    return this.staged.has(name);
  }

  /** Stages a staged name's items one a row from now on, to be sampled (plan/statement/staged-sample.ts). */
  stageOneByOne(name: string): void {
    if (this.staged.has(name)) this.oneByOne.add(name);
  }

  /** Whether a staged name's items are staged one a row. */
  stagedOneByOne(name: string): boolean {
    return this.oneByOne.has(name);
  }

  /**
   * Before a transaction block begins (outside one): makes sure the staged rows' table exists, so a
   * read-only block can read foreign tables.
   */
  async beforeBlock(host: Host): Promise<void> {
    if (host.inTransaction()) return;
    if (!this.stagingReady) await ensureStagedRowsTable(host);
    else if (this.stagedRows > MAX_DEAD_ROWS) await hostDdl(host, truncateStagedSql());
    else return;
    this.stagingReady = true;
    this.stagedRows = 0;
  }

  /** Counts rows loaded into a table (they decide how it is emptied). */
  loaded(name: string, rows: number): void {
    if (this.staged.has(name)) this.stagedRows += rows;
    const r = this.rows.get(name);
    if (r) r.loaded += rows;
  }

  /**
   * Empties tables — by DELETE while few rows are dead in them (a TRUNCATE costs several times a
   * small DELETE), by TRUNCATE once dead rows would slow them down (nothing vacuums temp tables).
   */
  async empty(host: Host, names: readonly string[]): Promise<void> {
    const staged = names.filter((n) => this.staged.has(n));
    if (staged.length) await host.query(deleteStagedSql(staged));
    names = names.filter((n) => !this.staged.has(n));
    const count = (n: string) => this.rows.get(n) ?? { loaded: Infinity, dead: 0 };
    const truncate = names.filter((n) => count(n).dead + count(n).loaded > MAX_DEAD_ROWS);
    // Every table is emptied, loaded or not: a ROLLBACK may have brought back rows the count missed.
    const remove = names.filter((n) => !truncate.includes(n));
    // One round trip for all of them (the simple protocol takes several statements).
    const statements = [
      ...(truncate.length ? [`truncate ${truncate.map(qualified).join(', ')}`] : []),
      ...remove.map((n) => `delete from ${qualified(n)}`),
    ];
    // Only TRUNCATE needs a read-write block; DELETE on a temp table runs in any.
    if (truncate.length) await hostDdl(host, statements.join('; '));
    else if (statements.length) await host.exec(statements.join('; '));
    for (const n of truncate) if (this.rows.has(n)) this.rows.set(n, { loaded: 0, dead: 0 });
    for (const n of remove) this.rows.set(n, { loaded: 0, dead: count(n).dead + count(n).loaded });
  }

  /**
   * For a statement that deletes a pooled table's rows itself (insertItems' `replace`: one round trip
   * instead of two): true, the rows counted as deleted, when a DELETE will do; false when the table
   * is not pooled or wants a TRUNCATE — then `empty` it first.
   */
  deletedBy(name: string): boolean {
    if (this.staged.has(name)) return true;
    const r = this.rows.get(name);
    if (!r || r.dead + r.loaded > MAX_DEAD_ROWS) return false;
    this.rows.set(name, { loaded: 0, dead: r.dead + r.loaded });
    return true;
  }

  /** Gives tables back: pooled ones are emptied for reuse; any other, or one that cannot be emptied, is dropped. */
  async release(host: Host, names: readonly string[]): Promise<void> {
    const staged = names.filter((n) => this.staged.has(n));
    if (staged.length) {
      for (const n of staged) {
        this.staged.delete(n);
        this.oneByOne.delete(n);
      }
      // In an aborted block nothing can be deleted; its ROLLBACK undoes the inserts anyway.
      await host.query(deleteStagedSql(staged)).catch(() => undefined);
      names = names.filter((n) => !staged.includes(n));
    }
    const reuse = host.inTransaction() ? [] : names.filter((n) => this.pooled.has(n));
    let drop: readonly string[] = names.filter((n) => !reuse.includes(n));
    if (reuse.length) {
      try {
        await this.empty(host, reuse);
        for (const n of reuse) {
          const columns = this.pooled.get(n)!;
          const list = this.free.get(columns) ?? [];
          if (!list.includes(n)) list.push(n);
          this.free.set(columns, list);
        }
      } catch {
        drop = names;
      }
    }
    for (const n of drop) this.forgetOne(n);
    if (drop.length)
      await hostDdl(host, `drop table if exists ${drop.map(qualified).join(', ')}`).catch(() => undefined);
  }

  /** Drops the free tables (a statement may have changed what a pooled table means, e.g. DISCARD TEMP). */
  async clear(host: Host): Promise<void> {
    this.stagingReady = false;
    const names = [...this.free.values()].flat();
    this.free.clear();
    for (const n of names) {
      this.pooled.delete(n);
      this.rows.delete(n);
    }
    if (names.length && !host.inTransaction())
      await hostDdl(host, `drop table if exists ${names.map(qualified).join(', ')}`).catch(() => undefined);
  }

  private forgetOne(name: string): void {
    const columns = this.pooled.get(name);
    this.pooled.delete(name);
    this.rows.delete(name);
    if (columns)
      this.free.set(
        columns,
        (this.free.get(columns) ?? []).filter((n) => n !== name),
      );
  }
}

/** Dead rows a pooled table may carry before it is truncated instead of deleted from. */
const MAX_DEAD_ROWS = 20_000;

/**
 * Runs the engine's own CREATE, TRUNCATE or DROP of its temp tables: inside a transaction block as it
 * is; outside one in a read-write block of its own, as default_transaction_read_only may be on (where
 * Postgres refuses them, temp tables too).
 */
export async function hostDdl(host: Host, sql: string): Promise<void> {
  if (host.inTransaction()) return host.exec(sql);
  try {
    await host.exec(`begin read write; ${sql}; commit`);
  } catch (e) {
    if (host.inTransaction()) await host.exec('rollback').catch(() => undefined);
    throw e;
  }
}

const qualified = (name: string) => `pg_temp.${quoteIdent(name)}`;

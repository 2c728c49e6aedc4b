import type { Host } from '../host/host';
import { quoteIdent } from '../parse/ast';

/**
 * The temp tables statements load items into, kept between statements: creating and dropping two
 * tables cost a join more than reading its items. A released table is emptied (TRUNCATE) and handed
 * to the next statement needing the same columns; its name, and so the rewritten statement's text,
 * repeats — which lets the host's result description be reused too.
 *
 * Inside an explicit transaction tables are created and dropped per statement as before: a ROLLBACK
 * would undo a CREATE or a TRUNCATE behind the pool's back.
 */
export class TempTables {
  /** Empty pooled tables by column definition. */
  private readonly free = new Map<string, string[]>();
  /** Every pooled table (free or in use) and its column definition. */
  private readonly pooled = new Map<string, string>();
  /** Rows loaded into a pooled table, and rows deleted from it since it was last truncated. */
  private readonly rows = new Map<string, { loaded: number; dead: number }>();

  constructor(private readonly nextName: () => string) {}

  /** An empty temp table with these columns (`"a" text, "b" numeric`). */
  async acquire(host: Host, columns: string): Promise<string> {
    if (!host.inTransaction()) {
      const name = this.free.get(columns)?.pop();
      if (name) return name;
    }
    const name = this.nextName();
    await host.query(`create temp table ${quoteIdent(name)} (${columns})`);
    if (!host.inTransaction()) {
      this.pooled.set(name, columns);
      this.rows.set(name, { loaded: 0, dead: 0 });
    }
    return name;
  }

  /** Counts rows loaded into a table (they decide how it is emptied). */
  loaded(name: string, rows: number): void {
    const r = this.rows.get(name);
    if (r) r.loaded += rows;
  }

  /**
   * Empties tables — by DELETE while few rows are dead in them (a TRUNCATE costs several times a
   * small DELETE), by TRUNCATE once dead rows would slow them down (nothing vacuums temp tables).
   */
  async empty(host: Host, names: readonly string[]): Promise<void> {
    const count = (n: string) => this.rows.get(n) ?? { loaded: Infinity, dead: 0 };
    const truncate = names.filter((n) => count(n).dead + count(n).loaded > MAX_DEAD_ROWS);
    // Every table is emptied, loaded or not: a ROLLBACK may have brought back rows the count missed.
    const remove = names.filter((n) => !truncate.includes(n));
    // One round trip for all of them (the simple protocol takes several statements).
    const statements = [
      ...(truncate.length ? [`truncate ${truncate.map(qualified).join(', ')}`] : []),
      ...remove.map((n) => `delete from ${qualified(n)}`),
    ];
    if (statements.length) await host.exec(statements.join('; '));
    for (const n of truncate) if (this.rows.has(n)) this.rows.set(n, { loaded: 0, dead: 0 });
    for (const n of remove) this.rows.set(n, { loaded: 0, dead: count(n).dead + count(n).loaded });
  }

  /**
   * For a statement that deletes a pooled table's rows itself (insertItems' `replace`: one round trip
   * instead of two): true, the rows counted as deleted, when a DELETE will do; false when the table
   * is not pooled or wants a TRUNCATE — then `empty` it first.
   */
  deletedBy(name: string): boolean {
    const r = this.rows.get(name);
    if (!r || r.dead + r.loaded > MAX_DEAD_ROWS) return false;
    this.rows.set(name, { loaded: 0, dead: r.dead + r.loaded });
    return true;
  }

  /** Gives tables back: pooled ones are emptied for reuse; any other, or one that cannot be emptied, is dropped. */
  async release(host: Host, names: readonly string[]): Promise<void> {
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
      await host.query(`drop table if exists ${drop.map(qualified).join(', ')}`).catch(() => undefined);
  }

  /** Drops the free tables (a statement may have changed what a pooled table means, e.g. DISCARD TEMP). */
  async clear(host: Host): Promise<void> {
    const names = [...this.free.values()].flat();
    this.free.clear();
    for (const n of names) {
      this.pooled.delete(n);
      this.rows.delete(n);
    }
    if (names.length && !host.inTransaction())
      await host.query(`drop table if exists ${names.map(qualified).join(', ')}`).catch(() => undefined);
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

const qualified = (name: string) => `pg_temp.${quoteIdent(name)}`;

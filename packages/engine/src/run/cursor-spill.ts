import type { Host } from '../host/host';
import { quoteLiteral } from '../parse/ast';
import { stagedRowsTable, stageRowsSql } from '../session/staged-rows';
import { hostDdl } from '../session/temp-tables';
import { transactionReadOnly } from '../txn/read-only-refusal';
import { JsonText, type Cell } from '../types';

/** The session's table of the batches of rows its scroll cursors have read and no longer hold in memory. */
const TABLE = 'pg_temp.__ds_cursor_rows';

/**
 * Where a scroll cursor's rows go that its memory window let go (cursor-rows.ts): the host, one JSON
 * batch a row of a temp table, read back when the cursor scrolls back to them.
 *   fetch absolute 3000 from c
 *   → insert into pg_temp.__ds_cursor_rows (cursor, batch, rows) values ('__ds_a7', 0, $1::jsonb)   -- rows 1..256
 *   fetch absolute 5 from c
 *   → select rows::text from pg_temp.__ds_cursor_rows where cursor = '__ds_a7' and batch = 0
 * The table is made at a cursor's first spilled batch: outside a block in a read-write block of its
 * own, inside a read-write block in it. Inside a read-only block, where Postgres refuses CREATE
 * TABLE, a session without the table stages the batches in staged-rows.ts's table, which every
 * block has (made at BEGIN), named `<cursor>#<batch>`. Temp tables take rows in read-only
 * transactions too. Cells are kept exactly: numbers by their JavaScript text, json as its text.
 */
export class CursorSpill {
  private where: 'own' | 'staged' | undefined;

  constructor(
    private readonly host: Host,
    private readonly name: string,
  ) {}

  async write(batch: number, rows: readonly Cell[][]): Promise<void> {
    const json = JSON.stringify(rows.map((row) => row.map(encodeCell)));
    this.where ??= await this.place();
    if (this.where === 'staged') await this.host.query(stageRowsSql(this.stagedName(batch), false), [json]);
    else
      await this.host.query(
        `insert into ${TABLE} (cursor, batch, rows) values (${quoteLiteral(this.name)}, ${batch}, $1::jsonb)`,
        [json],
      );
  }

  /** The table may have gone with a rollback: look again at the next write. */
  forgetPlace(): void {
    if (this.where === 'own') this.where = undefined;
  }

  /** A batch written before; undefined when the host no longer has it (a rollback undid its write). */
  async read(batch: number): Promise<Cell[][] | undefined> {
    const r = await this.host.query(
      this.where === 'staged'
        ? `select rows::text from ${stagedRowsTable} where name = ${quoteLiteral(this.stagedName(batch))}`
        : `select rows::text from ${TABLE} where cursor = ${quoteLiteral(this.name)} and batch = ${batch}`,
    );
    const text = r.rows[0]?.[0];
    if (typeof text !== 'string') return undefined;
    return (JSON.parse(text) as unknown[][]).map((row) => row.map(decodeCell));
  }

  /** Deletes the cursor's batches (nothing when it wrote none; in an aborted block its ROLLBACK does). */
  async drop(): Promise<void> {
    if (!this.where) return;
    const sql =
      this.where === 'staged'
        ? `delete from ${stagedRowsTable} where name like ${quoteLiteral(`${this.name}#%`)}`
        : `delete from ${TABLE} where cursor = ${quoteLiteral(this.name)}`;
    await this.host.query(sql).catch(() => undefined);
  }

  private stagedName(batch: number): string {
    return `${this.name}#${batch}`;
  }

  private async place(): Promise<'own' | 'staged'> {
    const r = await this.host.query(`select pg_catalog.to_regclass(${quoteLiteral(TABLE)}) is not null`);
    if (r.rows[0]?.[0] === 't') return 'own';
    if (this.host.inTransaction() && (await transactionReadOnly(this.host))) return 'staged';
    await hostDdl(
      this.host,
      `create temp table if not exists ${TABLE.slice('pg_temp.'.length)} (cursor text not null, batch int4 not null, rows jsonb not null, primary key (cursor, batch))`,
    );
    return 'own';
  }
}

/** A cell as JSON that gives it back exactly: `-0`, `NaN` and json text included. */
function encodeCell(cell: Cell): unknown {
  if (typeof cell === 'number') return { n: Object.is(cell, -0) ? '-0' : String(cell) };
  if (cell instanceof JsonText) return { j: cell.text };
  return cell;
}

function decodeCell(value: unknown): Cell {
  if (value === null || typeof value !== 'object') return value as Cell;
  const tagged = value as { n?: string; j?: string };
  return tagged.n !== undefined ? Number(tagged.n) : new JsonText(tagged.j ?? 'null');
}

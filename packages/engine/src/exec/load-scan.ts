import { qualifiedName } from '../catalog/foreign-table';
import { readAccess } from '../fetch/read-access';
import type { Item } from '../fetch/read-pages';
import { quoteIdent, quoteLiteral } from '../parse/ast';
import { itemToRowJson } from '../load/coerce';
import { itemCell } from '../load/direct-cell';
import type { ColumnDef } from '../catalog/foreign-table';
import type { StatementContext } from './context';
import type { PlannedScan } from './prepare-foreign';

/** Inserts DynamoDB items into a scan's temp table in one statement (jsonb_populate_recordset). */
export async function insertItems(ctx: StatementContext, scan: PlannedScan, items: readonly Item[]): Promise<void> {
  if (!items.length) return;
  ctx.temps.loaded(scan.tempTable, items.length);
  const context = { relation: qualifiedName(scan.occurrence.table), keyNames: scan.keyNames };
  const json = '[' + items.map((item) => itemToRowJson(item, scan.occurrence.table.columns, context)).join(',') + ']';
  const t = `pg_temp.${quoteIdent(scan.tempTable)}`;
  const columns = scan.occurrence.table.columns;
  const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
  if (!columns.some((c) => c.typname === 'json')) {
    await ctx.host.query(`insert into ${t} (${cols}) select ${cols} from jsonb_populate_recordset(null::${t}, $1::jsonb)`, [json]);
    return;
  }
  // json columns keep their text verbatim: populate_record would re-render it from jsonb.
  const values = columns.map((c) => (c.typname === 'json' ? `(e ->> ${quoteLiteral(c.name)})::json` : `p.${quoteIdent(c.name)}`)).join(', ');
  await ctx.host.query(`insert into ${t} (${cols}) select ${values} from jsonb_array_elements($1::jsonb) e, jsonb_populate_record(null::${t}, e) p`, [json]);
}

/** Records a page's figures in the run's statistics and reports progress. */
export function recordPage(ctx: StatementContext, scan: PlannedScan, page: { items: readonly Item[]; consumedRcu: number; scannedCount: number }): void {
  const s = ctx.run.record(scan, page);
  ctx.onProgress?.({
    statementIndex: ctx.statementIndex,
    relation: scan.plan.relation,
    itemsScanned: s.scannedCount,
    itemsReturned: s.returnedCount,
    consumedRcu: s.consumedRcu,
  });
}

export interface LoadOptions {
  /** Columns whose distinct non-null values (as Postgres text) to collect, up to `collectLimit` each. */
  readonly collect?: readonly ColumnDef[];
  readonly collectLimit?: number;
}

/** Reads every page of a scan into its temp table; returns the values collected per column. */
export function loadScan(ctx: StatementContext, scan: PlannedScan, options: LoadOptions = {}): Promise<Map<string, Set<string>>> {
  return readScan(ctx, scan, (items) => insertItems(ctx, scan, items), options);
}

/** Reads every page of a scan, hands its items to `onItems`, records the figures on the plan. */
export async function readScan(ctx: StatementContext, scan: PlannedScan, onItems: (items: readonly Item[]) => Promise<void>, options: LoadOptions = {}): Promise<Map<string, Set<string>>> {
  const client = await ctx.clients.clientFor(scan.occurrence.table.server);
  ctx.run.start(scan);
  const { collect = [], collectLimit = Infinity } = options;
  const collected = new Map(collect.map((c) => [c.name, new Set<string>()]));
  const table = scan.occurrence.table;
  const context = { relation: qualifiedName(table), keyNames: scan.keyNames };
  for await (const page of readAccess(client, scan.access, scan.input, scan.read, { signal: { current: ctx.signal }, demand: { items: Infinity } })) {
    await onItems(page.items);
    recordPage(ctx, scan, page);
    for (const col of collect) {
      const values = collected.get(col.name)!;
      for (const item of page.items) {
        if (values.size > collectLimit) break;
        const cell = itemCell(item, col, table.columns, context);
        if (cell !== null) values.add(String(cell));
      }
    }
  }
  return collected;
}

import type { HostDescription, HostField } from '../host/host';
import type { Column } from '../types';
import type { StatementContext } from './context';

/**
 * The RowDescription fields of a statement's result columns (Column's typeOid, typmod, tableOid and
 * attnum), for the wire protocol (ExecuteOptions.columnOrigins), as Postgres fills them: the type
 * modifier of each column's expression, and for a plain reference to a table's column that
 * relation's oid and attnum (parse analysis's markTargetListOrigins, which looks through
 * subqueries, CTEs and joins but not into a view, whose own column it is).
 *   `select id, price * 2 as p from ft` → id: { tableOid: <ft's oid>, attnum: 1, typmod: -1 },
 *                                         p: { tableOid: 0, attnum: 0, typmod: -1 }
 *   `select price from ft` (numeric(10,2)) → { typeOid: 1700, typmod: 655366, ... }
 * A statement the host answered itself has them from its RowDescription (`fromHostFields`); one the
 * engine answered (its rows made from items, or evaluated over temp tables whose oids are no
 * client's business) has them from the host's description of the statement as the user wrote it
 * (`describedOrigins`), where foreign tables and views are the catalog's own relations.
 */
export function fromHostFields(columns: readonly Column[], fields: readonly HostField[]): Column[] {
  if (fields.length !== columns.length || fields.some((f) => f.typmod === undefined)) return [...columns];
  return columns.map((c, i) => {
    const f = fields[i]!;
    // A column the host describes otherwise than the engine answers it keeps no field of the host's.
    if (f.name !== c.name) return c;
    return { ...c, typeOid: f.typeId, typmod: f.typmod!, tableOid: f.tableId ?? 0, attnum: f.columnId ?? 0 };
  });
}

/** `fromHostFields` for a statement that asked for them (ExecuteOptions.columnOrigins); else the columns as they are. */
export function withHostFields(
  ctx: Pick<StatementContext, 'columnOrigins'>,
  columns: Column[],
  fields: readonly HostField[],
): Column[] {
  return ctx.columnOrigins ? fromHostFields(columns, fields) : columns;
}

/** Statements whose columns the host's description of their text tells (others have none of a table's, nor a typmod). */
const DESCRIBED = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'ExecuteStmt']);

/**
 * The columns with their RowDescription fields from the host's Parse/Describe of `text`, when the
 * statement asked for them and its columns have none yet; as they were when the host cannot describe
 * it. Inside a transaction block the description runs in a savepoint: its failure aborts nothing.
 */
export async function describedOrigins(
  ctx: StatementContext,
  kind: string | undefined,
  text: string,
  columns: Column[],
): Promise<Column[]> {
  if (!ctx.columnOrigins || !columns.length || !DESCRIBED.has(kind ?? '')) return columns;
  if (columns.every((c) => c.typmod !== undefined)) return columns;
  const described = await hostDescription(ctx, text);
  return described ? fromHostFields(columns, described.fields) : columns;
}

/**
 * The host's Parse/Describe of a statement as written, null when it cannot describe it; inside a
 * transaction block in a savepoint, so that its failure aborts nothing.
 */
export async function hostDescription(
  ctx: Pick<StatementContext, 'host' | 'planCache'>,
  text: string,
): Promise<HostDescription | null> {
  const describe = () => ctx.planCache.describe(ctx.host, text);
  try {
    return await (ctx.host.inTransaction() ? ctx.host.transaction(describe) : describe());
  } catch {
    return null;
  }
}

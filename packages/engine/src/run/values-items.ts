import { columnDefaults } from '../catalog/column-defaults';
import type { InsertStmt } from '@pgsql/types';
import type { Item } from '../fetch/read-pages';
import { as } from '../parse/ast';
import { insertValuesKnown } from '../plan/insert-values-known';
import type { StatementContext } from './context';

/**
 * The items an INSERT ... VALUES will write, made before it runs so that its plan can price them
 * (plan/write-estimate.ts), or null when they cannot be made without effect (plan/insert-values-known.ts)
 * or making them fails (the run then fails as it would have). The host runs `head` (the INSERT into the
 * target's temp table) and `select` (its rows as written) inside a transaction it rolls back:
 *   insert into t values ('a', 1), ('b', 2) → [{ id: { S: 'a' }, n: { N: '1' } }, { id: { S: 'b' }, n: { N: '2' } }]
 */
export async function valuesItems(
  ctx: StatementContext,
  insert: InsertStmt,
  target: { readonly oid: number; readonly columns: readonly { readonly name: string }[] },
  sql: { readonly head: string; readonly select: string },
  toItem: (row: (string | null)[]) => Item,
): Promise<Item[] | null> {
  if (!as(insert.selectStmt, 'SelectStmt')?.valuesLists?.length) return null;
  const byColumn = await columnDefaults(ctx.host, target.oid);
  const columns = target.columns.map((c) => c.name);
  if (!insertValuesKnown(insert, columns, byColumn)) return null;
  try {
    await ctx.host.transaction(async () => {
      await ctx.host.query(sql.head);
      throw new Made((await ctx.host.query(sql.select)).rows.map(toItem));
    });
  } catch (e) {
    if (e instanceof Made) return e.items;
  }
  return null;
}

/** Thrown to roll the transaction back, with the items made inside it. */
class Made extends Error {
  constructor(readonly items: Item[]) {
    super('made');
  }
}

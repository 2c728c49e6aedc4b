import type { UpdateStmt } from '@pgsql/types';
import type { Host } from '../host/host';
import { quoteIdent } from '../parse/ast';
import { columnDefaults } from '../catalog/column-defaults';

/**
 * Runs an UPDATE of a foreign table with the foreign table's column defaults on the temp table its
 * rows were loaded into, so that `SET c = DEFAULT` sets c's default as Postgres does (the temp table
 * has none: it set NULL); they are dropped again once the update ran (the table is pooled). Only a
 * statement naming DEFAULT in its SET costs the two host calls.
 *   create foreign table ft (id text, kind text default 'new') ...
 *   update ft set kind = default where id = 'a'   → kind 'new' written (was NULL)
 */
export async function withUpdateDefaults<T>(
  host: Pick<Host, 'query' | 'exec'>,
  update: UpdateStmt,
  tempTable: string,
  foreignOid: number,
  fn: () => Promise<T>,
): Promise<T> {
  if (!JSON.stringify(update.targetList ?? []).includes('"SetToDefault"')) return fn();
  const defaults = [...(await columnDefaults(host, foreignOid))];
  if (!defaults.length) return fn();
  const table = `pg_temp.${quoteIdent(tempTable)}`;
  const alter = (each: (column: string, expression: string) => string) =>
    `alter table ${table} ${defaults.map(([c, e]) => each(quoteIdent(c!), e!)).join(', ')}`;
  await host.exec(alter((c, e) => `alter column ${c} set default ${e}`));
  try {
    return await fn();
  } finally {
    // In a failed block the table goes with the block's rollback (a block's temp tables are its own).
    await host.exec(alter((c) => `alter column ${c} drop default`)).catch(() => undefined);
  }
}

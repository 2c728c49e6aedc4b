import type { Host, HostField } from '../../src/host/host';

/**
 * `select p, id + 1 as i` from a new table `typed_cols (id int, p numeric(10,2))` (`create`: its
 * CREATE statement), as the host describes it and as it answers it, and the fields Postgres gives:
 * p is the table's 2nd column, typmod 655366; i is no column of a table.
 */
export async function typedColumns(
  host: Host,
  create: string,
): Promise<{ described: readonly HostField[]; answered: readonly HostField[]; expected: HostField[] }> {
  await host.query(create);
  const [[oid]] = (await host.query("select 'typed_cols'::regclass::oid::int")).rows as [[string]];
  const sql = 'select p, id + 1 as i from typed_cols';
  return {
    described: (await host.describe(sql)).fields,
    answered: (await host.query(sql)).fields,
    expected: [
      { name: 'p', typeId: 1700, typmod: 655366, tableId: Number(oid), columnId: 2 },
      { name: 'i', typeId: 23, typmod: -1, tableId: 0, columnId: 0 },
    ],
  };
}

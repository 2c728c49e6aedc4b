import { isProductionEnvironment } from '@dynascope/contract';
import type { CatalogSnapshot, KeyRole, WireStatement } from '../api/wire';
import { qualifiedName } from '../sql/identifiers';

/** A result column as a column of the table the edit writes. */
export interface EditColumn {
  readonly name: string;
  readonly type: string;
  readonly keyRole: KeyRole;
  readonly catchAll: boolean;
  readonly notNull: boolean;
}

/** The foreign table a result's rows are items of, with the result's columns as its columns. */
export interface EditTarget {
  /** `public.users`, quoted as SQL needs it. */
  readonly table: string;
  readonly relation: string;
  /** DynamoDB's table name and server, for DescribeTable (the jsonb editor's attribute types). */
  readonly dynamoTable: string | null;
  readonly server: string | null;
  /** The result's columns, in the result's order. */
  readonly columns: readonly EditColumn[];
  /** Indexes (in `columns`) of the partition key, then the sort key if any. */
  readonly keyIndexes: readonly number[];
  /** Every column of the table, for the add-row form. */
  readonly tableColumns: readonly EditColumn[];
  /** Its server is marked `environment 'production'`: the review says so. */
  readonly production: boolean;
}

export type Editability =
  | { readonly editable: true; readonly target: EditTarget }
  | { readonly editable: false; readonly reason: string };

/**
 * Whether a statement's rows can be edited as items, and of which table: a SELECT over exactly one
 * foreign table (the plan's one scan, no write) whose result columns are that table's own columns
 * by name and type, keys included, the keys as DynamoDB described them (`keysDescribed`).
 * `select * from users` → public.users with user_id as its key; a join, an aggregate, a computed
 * column, a result without the sort key or a table whose keys the server has not described → why not.
 */
export function editability(stmt: WireStatement, catalog: CatalogSnapshot | null): Editability {
  const no = (reason: string): Editability => ({ editable: false, reason });
  if (stmt.command !== 'SELECT') return no('Only the rows of a SELECT can be edited');
  const scans = stmt.plan?.scans ?? [];
  if (scans.length !== 1 || stmt.plan?.write)
    return no('Rows can be edited when they come from one foreign table');
  const relation = scans[0]!.relation;
  if (!catalog) return no('The catalog is not loaded yet');
  const table = catalog.tables.find((t) => `${t.schema}.${t.name}` === relation);
  if (!table || table.kind !== 'foreign') return no(`${relation} is not in the catalog as a foreign table`);
  // An edit writes by the item's full key: from rowid_column alone a sort key is missing, and
  // `where customer_id = 'C0041'` would change a whole partition.
  if (!table.keysDescribed)
    return no(
      `The key schema of ${relation} is not known yet (DynamoDB has not described the table since the server started): run the query again to edit its items`,
    );
  const tableColumns: EditColumn[] = table.columns.map((c) => ({
    name: c.name,
    type: c.type,
    keyRole: c.keyRole,
    catchAll: c.catchAll,
    notNull: c.notNull,
  }));
  const columns: EditColumn[] = [];
  for (const col of stmt.columns) {
    const c = tableColumns.find((x) => x.name === col.name);
    if (!c || c.type !== col.type) return no(`Column ${col.name} is not a column of ${relation}`);
    if (columns.some((x) => x.name === col.name)) return no(`Column ${col.name} appears twice`);
    columns.push(c);
  }
  const keys = tableColumns
    .filter((c) => c.keyRole)
    .sort((a, b) => (a.keyRole === 'partition' ? -1 : b.keyRole === 'partition' ? 1 : 0));
  if (!keys.length) return no(`The key of ${relation} is not known`);
  const keyIndexes = keys.map((k) => columns.findIndex((c) => c.name === k.name));
  if (keyIndexes.some((i) => i < 0))
    return no(`Select the key (${keys.map((k) => k.name).join(', ')}) to edit items`);
  return {
    editable: true,
    target: {
      table: qualifiedName(table.schema, table.name),
      relation,
      dynamoTable: table.dynamoTable,
      server: table.server,
      columns,
      keyIndexes,
      tableColumns,
      production: catalog.servers.some(
        (s) => s.name === table.server && isProductionEnvironment(s.options.environment),
      ),
    },
  };
}

import type { CatalogServer } from '../api/wire';
import { qualifiedName, quoteIdent } from '../sql/identifiers';
import type { DesignerState } from './designer-reducer';
import {
  createForeignTableSql,
  createServerSql,
  importSchemaSql,
  localTableName,
  type ForeignTableDesign,
} from './generate-sql';

/** The foreign table the designer's state describes (its name `new_table` until one is typed). */
function tableDesign(s: DesignerState): ForeignTableDesign {
  const included = s.columns.filter((c) => c.include);
  return {
    schema: s.schema,
    name: s.tableName || 'new_table',
    server: s.server,
    dynamoTable: s.dynamoTable,
    // A renamed column keeps reading its attribute (the column option `attribute`).
    columns: included.map((c) => ({
      name: c.name,
      type: c.type,
      notNull: c.notNull,
      attribute: c.attribute,
    })),
    catchAll: s.catchAll && s.catchAllName ? s.catchAllName : null,
    rowidColumn: included.find((c) => c.keyRole === 'partition')?.name ?? null,
    consistentRead: s.consistent,
  };
}

/** The `create foreign table` of the design, or '' before a table is described. */
export function designedTableSql(s: DesignerState): string {
  return s.desc ? createForeignTableSql(tableDesign(s)) : '';
}

/**
 * What "Create foreign table" runs: the table, after `create schema` when the schema is new (quoted
 * as the table's name quotes it: `create schema if not exists "Sales Data";`).
 */
export function tableScript(s: DesignerState, schemas: readonly string[]): string {
  const sql = designedTableSql(s);
  return s.schema && !schemas.includes(s.schema)
    ? `create schema if not exists ${quoteIdent(s.schema)};\n${sql}`
    : sql;
}

/** The query a new tab opens with once the table exists: `select * from public."My Orders" limit 100;`. */
export function createdTableQuery(s: DesignerState): string {
  const d = tableDesign(s);
  return `select * from ${qualifiedName(d.schema, d.name)} limit 100;`;
}

/** What "Import" runs, or '' while the server's tables are listed. */
export function importScript(s: DesignerState): string {
  return s.tables
    ? importSchemaSql({ server: s.server, into: s.schema, all: s.tables, selected: s.importSel })
    : '';
}

/** The query a new tab opens with after an import: the first imported table. */
export function importedQuery(s: DesignerState): string {
  return `select * from ${qualifiedName(s.schema, localTableName(s.importSel[0] ?? ''))} limit 100;`;
}

/**
 * What "Create server" runs (or, `masked`, shows): the credentials into the vault, then the
 * server naming them; with the wrapper first when there is no server yet.
 */
export function serverScript(s: DesignerState, servers: readonly CatalogServer[], masked = false): string {
  const args = {
    ...s.serverForm,
    wrapper: servers[0]?.wrapper ?? 'dynamodb_wrapper',
    createWrapper: servers.length === 0,
  };
  return createServerSql(args, masked);
}

/** The designer's line for a failed script: `SQLSTATE: message`, or null when it ran. */
export function runError(result: {
  readonly error?: { readonly message: string; readonly sqlstate?: string };
}): string | null {
  const e = result.error;
  return e ? `${e.sqlstate ? `${e.sqlstate}: ` : ''}${e.message}` : null;
}

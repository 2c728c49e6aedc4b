/**
 * The answer of `GET /api/ddl`: the SQL that creates the object as the catalog holds it (no
 * credential: the vault keeps them, and the SQL says which it leaves out).
 */
export interface CatalogDdl {
  readonly sql: string;
}

import type { CatalogSnapshot, CatalogTable } from '../api/wire';
import type { RelationRef } from './tables-in-scope';

/**
 * Postgres's default `search_path` (`"$user", public`) without `$user`: the web app does not know
 * the session's user, and no schema is named after it here. Unqualified names are looked up in it.
 */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['public'];

/**
 * The table a name means, as Postgres resolves it: a qualified name in its schema only, an
 * unqualified one in the first schema of the search path that has it (pg_catalog and temp tables
 * aside). `orders` with public.orders and dynamodb.orders → public.orders; `dynamodb.orders` →
 * dynamodb.orders; `events` only in dynamodb → none (Postgres: relation "events" does not exist).
 */
export function resolveRelation(
  catalog: CatalogSnapshot,
  ref: Pick<RelationRef, 'schema' | 'name'>,
  searchPath: readonly string[] = DEFAULT_SEARCH_PATH,
): CatalogTable | undefined {
  const named = (schema: string) => catalog.tables.find((t) => t.schema === schema && t.name === ref.name);
  if (ref.schema !== null) return named(ref.schema);
  for (const schema of searchPath) {
    const table = named(schema);
    if (table) return table;
  }
  return undefined;
}

/** Whether `table` is what its bare name resolves to (so it may be written unqualified). */
export function isVisible(
  catalog: CatalogSnapshot,
  table: CatalogTable,
  searchPath: readonly string[] = DEFAULT_SEARCH_PATH,
): boolean {
  return resolveRelation(catalog, { schema: null, name: table.name }, searchPath) === table;
}

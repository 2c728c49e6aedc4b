/**
 * Saved queries live in the engine's own schema of the host, so they travel with the data directory
 * (or the PostgreSQL database). User SQL cannot read or write them: `dynascope`'s tables are revoked
 * from the user role (host/user-role.ts); the engine reaches them as the owner (saved-query-store.ts).
 */
export const SAVED_QUERIES_DDL = `
create table if not exists dynascope.saved_queries (
  name text primary key,
  description text not null default '',
  sql text not null,
  params jsonb not null default '[]',
  expect jsonb not null default '{}',
  created_at timestamptz not null default pg_catalog.now(),
  updated_at timestamptz not null default pg_catalog.now()
);`;

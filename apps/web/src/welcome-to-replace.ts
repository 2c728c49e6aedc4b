import type { CatalogSnapshot } from './api/wire';
import type { EditorTab } from './state/workspace';
import { WELCOME_SQL } from './welcome-sql';

/** The demo's tables WELCOME_SQL reads (`from users`, `from events`). */
const DEMO_TABLES = ['users', 'events'];

/**
 * The tab still showing the demo's welcome (its text untouched) on a server whose catalog has not
 * the demo tables it queries — its id, for NO_DEMO_WELCOME_SQL to take its place; else null (no
 * catalog yet, the demo is there, or the welcome was edited).
 *   DYNASCOPE_DEMO=0, first visit → the welcome tab's id
 */
export function welcomeToReplace(tabs: readonly EditorTab[], catalog: CatalogSnapshot | null): string | null {
  if (!catalog) return null;
  const demo = DEMO_TABLES.every((name) =>
    catalog.tables.some((t) => t.schema === 'public' && t.name === name),
  );
  return demo ? null : (tabs.find((t) => t.sql === WELCOME_SQL)?.id ?? null);
}

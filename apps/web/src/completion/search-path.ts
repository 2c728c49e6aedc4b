/** What the web app asks a tab's session for its search path: the schemas that exist, in order, `$user` resolved. */
export const SEARCH_PATH_SQL = 'select current_schemas(false) as search_path';

/**
 * Postgres's text output of a `name[]` as the schema names: `{dynamodb,public}` → ['dynamodb',
 * 'public']; `{"Odd, Schema",public}` → ['Odd, Schema', 'public']; anything else → null.
 */
export function parseSchemaArray(text: unknown): string[] | null {
  if (typeof text !== 'string' || !text.startsWith('{') || !text.endsWith('}')) return null;
  const body = text.slice(1, -1);
  if (!body) return [];
  const names: string[] = [];
  const element = /"((?:[^"\\]|\\.)*)"|([^,"]+)/y;
  let at = 0;
  while (at <= body.length) {
    element.lastIndex = at;
    const m = element.exec(body);
    if (!m) return null;
    names.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
    at = element.lastIndex;
    if (at === body.length) break;
    if (body[at] !== ',') return null;
    at++;
  }
  return names;
}

/** Whether a statement that ran may have changed its session's search path (SET, RESET, a rollback of either, DISCARD). */
export function mayChangeSearchPath(command: string): boolean {
  return /^(SET|RESET|ROLLBACK|DISCARD|COMMIT)$/i.test(command);
}

/**
 * `UPDATE t SET (a, b) = (SELECT ...)` parses into one ResTarget per column, each a MultiAssignRef
 * whose `source` is the same sub-SELECT: Postgres's parser shares one node, libpg-query's JSON
 * prints it once per column. Postgres transforms the source only at the first column
 * (transformMultiAssignRef); keeping it there alone lets every walk of the tree meet its relations
 * once — a foreign table read in it was rewritten twice at one place (42601 at or near "pg_temp").
 * Changes the tree in place (before the parse cache freezes it) and returns it:
 *   update ft set (n, g) = (select n, g from ft where id = '3') where id = '1'
 *   → targetList [n: MultiAssignRef{ colno 1, source: SubLink }, g: MultiAssignRef{ colno 2 }]
 */
export function multiAssignSourceOnce<T>(node: T): T {
  visit(node);
  return node;
}

function visit(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  const ref = o.MultiAssignRef as { colno?: number; source?: unknown } | undefined;
  if (ref && typeof ref === 'object' && (ref.colno ?? 1) > 1) delete ref.source;
  for (const value of Object.values(o)) visit(value);
}

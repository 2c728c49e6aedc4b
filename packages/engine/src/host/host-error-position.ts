import { indexAfterCodePoints } from '../parse/code-point-count';
import { isHostError } from './host';

/**
 * A host error with its position made the engine's kind, a 1-based string index (UTF-16) of `sql`,
 * the text the host was sent (kept as text, as the host gives it; hostError reads it): Postgres
 * counts characters (code points), the engine's AST locations
 * and splices index strings (run/statement-error.ts says where positions become characters again).
 *   `select '😀', nosuch` → 42703 at 13 → at 14
 */
export function atStringIndex(e: unknown, sql: string): unknown {
  if (!isHostError(e) || e.position === undefined || e.position === '') return e;
  const chars = Number(e.position);
  if (Number.isInteger(chars) && chars > 0)
    Object.assign(e, { position: String(indexAfterCodePoints(sql, chars - 1) + 1) });
  return e;
}

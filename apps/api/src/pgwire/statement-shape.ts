/** Statements PREPARE takes (the extended protocol runs them as PREPARE + EXECUTE). */
const PREPARABLE = new Set(['select', 'insert', 'update', 'delete', 'with', 'values', 'table', 'merge']);

/**
 * The first keyword of a statement, past comments, whitespace and opening parentheses:
 * `/* x *\/ (SELECT 1)` → `select`.
 */
export function firstKeyword(sql: string): string {
  const rest = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z_]+/.exec(rest)?.[0] ?? '').toLowerCase();
}

export function isPreparable(sql: string): boolean {
  return PREPARABLE.has(firstKeyword(sql));
}

/** Statements PREPARE does not take that still answer rows: Describe asks the engine for their columns. */
const ROW_UTILITIES = new Set(['show', 'explain']);

/**
 * Whether Describe asks the engine for a statement's columns (the rest answer NoData):
 * `select 1 as x` → true, `show timezone` → true, `begin` → false.
 */
export function isDescribable(sql: string): boolean {
  return isPreparable(sql) || ROW_UTILITIES.has(firstKeyword(sql));
}

/** `COPY ... FROM STDIN` (its data follows as CopyData messages). */
export function isCopyFromStdin(sql: string): boolean {
  return firstKeyword(sql) === 'copy' && /\bfrom\s+stdin\b/i.test(sql);
}

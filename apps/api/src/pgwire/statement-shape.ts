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

/** `COPY ... FROM STDIN` (its data follows as CopyData messages). */
export function isCopyFromStdin(sql: string): boolean {
  return firstKeyword(sql) === 'copy' && /\bfrom\s+stdin\b/i.test(sql);
}

/**
 * A value as a SQL string literal that reads the same whatever standard_conforming_strings says (a
 * client may turn it off): quotes double, and a value with a backslash is an E'' literal with it doubled.
 *   it's → 'it''s';  a\'b → E'a\\''b'
 */
export function sqlLiteral(text: string | null): string {
  if (text === null) return 'NULL';
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** A name as a quoted SQL identifier, as it is (case kept): my"cur → "my""cur". */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

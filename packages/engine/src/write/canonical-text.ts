/**
 * `dynascope.canonical_text(v)` in the host: a value's text under fixed output settings, whatever the
 * session's — DateStyle ISO, IntervalStyle postgres, extra_float_digits 3 (floats' exact digits),
 * TimeZone UTC, bytea_output hex. A function's SET clauses hold only while it runs, so the session's
 * settings are untouched and the rest of the statement (a RETURNING list) still follows them. The
 * write path takes the text of what it writes as text so (geometric types, ranges, multiranges,
 * composites, ...): `point(0.1 + 0.2, 1)` → `(0.30000000000000004,1)` under extra_float_digits -15.
 */
export const CANONICAL_TEXT_DDL = `
create or replace function dynascope.canonical_text(v anyelement) returns text
language sql stable
set datestyle = 'ISO' set intervalstyle = 'postgres' set extra_float_digits = 3
set timezone = 'UTC' set bytea_output = 'hex'
as $$ select v::text $$;
`;

/** `dynascope.canonical_text(expr)`: the SQL that reads a value's text under the canonical output settings. */
export function canonicalTextSql(expr: string): string {
  return `dynascope.canonical_text(${expr})`;
}

/**
 * Host functions giving a value's text, and reading it back, whatever the session's output settings.
 *
 * `dynascope.canonical_text(v)`: the text under fixed output settings — DateStyle ISO, IntervalStyle
 * postgres, extra_float_digits 3 (floats' exact digits), TimeZone UTC, bytea_output hex. A function's
 * SET clauses hold only while it runs, so the session's settings are untouched and the rest of the
 * statement (a RETURNING list) still follows them: `point(0.1 + 0.2, 1)` → `(0.30000000000000004,1)`
 * under extra_float_digits -15. money inside keeps the session's lc_monetary: the RETURNING rows of a
 * data-modifying WITH (run/modifying-ctes.ts) are read back in the same statement, by its money input.
 *
 * `dynascope.stored_text(v)`: what a write stores (geometric types, ranges, multiranges, composites,
 * ...): the canonical text with money under lc_monetary C too (`($1,234.50,{$0.01})`, never de_DE's
 * `1.234,50 €`), so an item written under one lc_monetary reads back the same under any other; and
 * search_path pg_catalog, so a regclass or regtype (alone or inside) is stored schema-qualified
 * (`public.t`, not `t`), which reads back as the same object under any search_path.
 *
 * `dynascope.stored_record(proto, j)` and `dynascope.stored_recordset(proto, js)`:
 * `jsonb_populate_record(set)` under lc_monetary C, how a load reads such text back
 * (load/json-rows-sql.ts): money inside a composite, an array of composites or a range is parsed as
 * it was written. The set form reads a whole page in one call (a call per row is ~3x slower).
 *
 * `dynascope.money_array(j)`: a JSON list (any depth) as money[], an amount (a JSON number: an N) as
 * numeric then money, a string (an S) by money's input, which follows the session's lc_monetary:
 *   money_array('[[1234.5, "7"], [null, -0.01]]') → {{$1,234.50,$7.00},{NULL,-$0.01}} (in C)
 * Arrays are rectangular: a list whose first element is a list is a list of lists.
 */
export const CANONICAL_TEXT_DDL = `
create or replace function dynascope.canonical_text(v anyelement) returns text
language sql stable
set datestyle = 'ISO' set intervalstyle = 'postgres' set extra_float_digits = 3
set timezone = 'UTC' set bytea_output = 'hex'
as $$ select v::text $$;
create or replace function dynascope.stored_text(v anyelement) returns text
language sql stable
set datestyle = 'ISO' set intervalstyle = 'postgres' set extra_float_digits = 3
set timezone = 'UTC' set bytea_output = 'hex' set lc_monetary = 'C' set search_path = pg_catalog
as $$ select v::text $$;
create or replace function dynascope.stored_record(proto anyelement, j jsonb) returns anyelement
language sql stable set lc_monetary = 'C'
as $$ select jsonb_populate_record(proto, j) $$;
create or replace function dynascope.stored_recordset(proto anyelement, j jsonb) returns setof anyelement
language sql stable set lc_monetary = 'C'
as $$ select * from jsonb_populate_recordset(proto, j) $$;
create or replace function dynascope.money_array(j jsonb) returns money[]
language sql stable strict
as $$
  select case when jsonb_typeof(j -> 0) = 'array'
    then (select array_agg(dynascope.money_array(x) order by i) from jsonb_array_elements(j) with ordinality t(x, i))
    else coalesce((select array_agg(case jsonb_typeof(x) when 'number' then (x #>> '{}')::numeric::money
                                    else (x #>> '{}')::money end order by i)
                     from jsonb_array_elements(j) with ordinality t(x, i)), '{}') end
$$;
`;

/** `dynascope.canonical_text(expr)`: the SQL that reads a value's text under the canonical output settings. */
export function canonicalTextSql(expr: string): string {
  return `dynascope.canonical_text(${expr})`;
}

/** `dynascope.stored_text(expr)`: the text a write stores, under the canonical settings and lc_monetary C. */
export function storedTextSql(expr: string): string {
  return `dynascope.stored_text(${expr})`;
}

/** `dynascope.stored_record(null::rowType, json)`: a row read from JSON as stored text is (lc_monetary C). */
export function storedRecordSql(rowType: string, json: string): string {
  return `dynascope.stored_record(null::${rowType}, ${json})`;
}

/** `dynascope.stored_recordset(null::rowType, json)`: rows read from a JSON array as stored text is (lc_monetary C). */
export function storedRecordsetSql(rowType: string, json: string): string {
  return `dynascope.stored_recordset(null::${rowType}, ${json})`;
}

/** `dynascope.money_array(json)`: a JSON list of amounts and money text as money[]. */
export function moneyArraySql(json: string): string {
  return `dynascope.money_array(${json})`;
}

/** Keywords offered by completion, most useful first. */
export const SQL_KEYWORDS = (
  'select from where and or not in is null like ilike between order by group having limit offset join left ' +
  'right inner outer full cross on as with distinct case when then else end insert into values update set ' +
  'delete returning explain create foreign table server schema import limit to except options true false ' +
  'asc desc nulls first last union all exists any cast coalesce drop alter if'
).split(' ');

/** Functions offered by completion with a signature hint. */
export const SQL_FUNCTIONS: readonly { readonly name: string; readonly signature: string }[] = [
  { name: 'count', signature: 'count(*) → bigint' },
  { name: 'sum', signature: 'sum(expr) → numeric' },
  { name: 'avg', signature: 'avg(expr) → numeric' },
  { name: 'min', signature: 'min(expr)' },
  { name: 'max', signature: 'max(expr)' },
  { name: 'coalesce', signature: 'coalesce(a, b, ...)' },
  { name: 'lower', signature: 'lower(text) → text' },
  { name: 'upper', signature: 'upper(text) → text' },
  { name: 'length', signature: 'length(text) → int' },
  { name: 'substring', signature: 'substring(text from int for int)' },
  { name: 'now', signature: 'now() → timestamptz' },
  { name: 'date_trunc', signature: "date_trunc('day', ts)" },
  { name: 'to_timestamp', signature: 'to_timestamp(epoch) → timestamptz' },
  { name: 'jsonb_array_elements', signature: 'jsonb_array_elements(jsonb) → setof jsonb' },
  { name: 'jsonb_object_keys', signature: 'jsonb_object_keys(jsonb) → setof text' },
  { name: 'jsonb_typeof', signature: 'jsonb_typeof(jsonb) → text' },
  { name: 'jsonb_pretty', signature: 'jsonb_pretty(jsonb) → text' },
  { name: 'string_agg', signature: 'string_agg(text, sep) → text' },
  { name: 'array_agg', signature: 'array_agg(expr) → array' },
  { name: 'row_number', signature: 'row_number() over (...)' },
  { name: 'round', signature: 'round(numeric, int) → numeric' },
];

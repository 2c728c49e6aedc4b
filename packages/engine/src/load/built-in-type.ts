/**
 * Built-in scalar types of Postgres (`typname`) whose values are not made of other values' text: no
 * composite's fields, no user range's bounds. Any other type name — a composite, a range, domain or
 * array over one, an enum, an extension's type — may hold any value inside (money too), and an array
 * of a composite expands into its fields under `unnest`.
 */
const BUILT_IN = new Set([
  ...['text', 'varchar', 'bpchar', 'name', 'char', 'citext', 'uuid', 'bool', 'int2', 'int4', 'int8'],
  ...['oid', 'numeric', 'float4', 'float8', 'money', 'json', 'jsonb', 'xml', 'bytea', 'inet', 'cidr'],
  ...['macaddr', 'macaddr8', 'bit', 'varbit', 'tsvector', 'tsquery', 'date', 'time', 'timetz'],
  ...['timestamp', 'timestamptz', 'interval', 'int4range', 'int8range', 'numrange', 'daterange'],
  ...['tsrange', 'tstzrange', 'int4multirange', 'int8multirange', 'nummultirange', 'datemultirange'],
  ...['tsmultirange', 'tstzmultirange', 'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle'],
]);

/** Whether a type name is one of the built-in scalar types above: `point` yes, a composite `priced` no. */
export function isBuiltInType(typname: string): boolean {
  return BUILT_IN.has(typname);
}

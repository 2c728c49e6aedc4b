import type { ColumnDef } from './foreign-table';

/** format_type's text of the base types, with any type modifier: a column declared otherwise is of a domain. */
const FORMATS: Readonly<Record<string, RegExp>> = {
  bool: /^boolean$/,
  int2: /^smallint$/,
  int4: /^integer$/,
  int8: /^bigint$/,
  numeric: /^numeric(\(\d+,-?\d+\))?$/,
  float4: /^real$/,
  float8: /^double precision$/,
  text: /^text$/,
  varchar: /^character varying(\(\d+\))?$/,
  bpchar: /^(character(\(\d+\))?|bpchar)$/,
  name: /^name$/,
  json: /^json$/,
  jsonb: /^jsonb$/,
  bytea: /^bytea$/,
  uuid: /^uuid$/,
  date: /^date$/,
  time: /^time(\(\d\))? without time zone$/,
  timetz: /^time(\(\d\))? with time zone$/,
  timestamp: /^timestamp(\(\d\))? without time zone$/,
  timestamptz: /^timestamp(\(\d\))? with time zone$/,
  interval: /^interval( [a-z ]+)?(\(\d\))?$/,
  bit: /^bit(\(\d+\))?$/,
  varbit: /^bit varying(\(\d+\))?$/,
};

/**
 * Whether a column is declared with a domain (`qty positive_int`): its `typname` is the base type's,
 * its `type` the domain's name. A type format_type prints otherwise (an enum, citext, inet) is its own
 * name, maybe schema-qualified and quoted: `public.citext`, `"Mood"`.
 */
export function isDomain(c: ColumnDef): boolean {
  const element = c.elementTypname;
  const base = element ?? c.typname;
  let type = c.type;
  if (element) {
    if (!type.endsWith('[]')) return true;
    type = type.slice(0, -2);
  }
  // A type named by its typname itself is not a domain's (format_type would qualify a domain so named).
  if (type === base) return false;
  const format = FORMATS[base];
  if (format) return !format.test(type);
  const name = type.slice(type.lastIndexOf('.') + 1).replace(/^"(.*)"$/, '$1');
  return name !== base;
}

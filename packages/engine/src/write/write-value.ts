import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ColumnDef } from '../catalog/foreign-table';
import { EngineError, SqlState } from '../errors';
import { quoteIdent } from '../parse/ast';
import { normalizeNumber } from '../util/decimal';
import { arrayAttribute, arrayTextSql } from './array-attribute';
import { storedTextSql } from './canonical-text';
import { isBuiltInType } from '../load/built-in-type';
import { isIso8601 } from '../load/is-iso-8601';
import { floatText } from './float-text';
import { intervalText } from './interval-text';
import { jsonToAttribute } from './json-attribute';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money']);
/** Types whose output no session setting changes (written as `c::text`). */
const SETTING_FREE = new Set([
  ...['text', 'varchar', 'bpchar', 'name', 'char', 'citext', 'uuid', 'bool', 'int2', 'int4', 'int8'],
  ...['oid', 'numeric', 'json', 'jsonb', 'xml', 'inet', 'cidr', 'macaddr', 'macaddr8', 'bit', 'varbit'],
  ...['tsvector', 'tsquery', 'time', 'timetz', 'int4range', 'int8range', 'numrange'],
  ...['int4multirange', 'int8multirange', 'nummultirange'],
]);
/** Ranges whose bounds' text follows DateStyle and TimeZone: written with their bounds as above. */
const DATE_RANGES: Readonly<Record<string, string>> = {
  daterange: 'date',
  tsrange: 'timestamp',
  tstzrange: 'timestamptz',
};

/** Types with a text of their own below (the rest is written as its stored text, canonical-text.ts). */
const OWN_TEXT = new Set([
  'date',
  'timestamp',
  'timestamptz',
  'bytea',
  'float4',
  'float8',
  'interval',
  'money',
]);

/** Whether a type is written as its stored text: geometric types, other ranges, composites, enums, ... */
function isStoredText(typname: string): boolean {
  return !SETTING_FREE.has(typname) && !DATE_RANGES[typname] && !OWN_TEXT.has(typname);
}

/**
 * The SQL that reads a column as the text its DynamoDB value is built from, the same under every
 * session setting (DateStyle, IntervalStyle, extra_float_digits, TimeZone, bytea_output): integers
 * and numeric as their exact text; floats and intervals in their binary form (see float-text.ts,
 * interval-text.ts); date and timestamp in ISO 8601 (JSON's form); timestamptz in ISO 8601 in UTC
 * (`2024-03-05T10:00:00+00:00` whatever the TimeZone); bytea as hex; money as its amount (numeric:
 * `$1,234.50` → 1234.50, whatever lc_monetary); daterange, tsrange and tstzrange with their bounds so
 * (`["2024-03-05T10:00:00",)`); types no setting changes as their text; every other type (geometric,
 * other ranges, multiranges, composites) as its text under fixed output settings, money inside under
 * lc_monetary C (canonical-text.ts: `point(0.1 + 0.2, 1)` → `(0.30000000000000004,1)` under any
 * extra_float_digits; `row(1234.5::money)` → `($1,234.50)` under any lc_monetary). An array reads its
 * elements so (array-attribute.ts).
 */
export function writeTextSql(col: ColumnDef, alias: string): string {
  return valueTextSql(col, `${quoteIdent(alias)}.${quoteIdent(col.name)}`);
}

function valueTextSql(col: Pick<ColumnDef, 'typname' | 'elementTypname'>, c: string): string {
  if (col.elementTypname) {
    const element = { typname: col.elementTypname, elementTypname: null };
    // Elements of a composite (or any type not built in) are cut from the array's stored text: unnest
    // would expand a composite element into its fields (`unnest(array[row('b', 1)])` is two columns).
    // Built-in ones are read one by one (box[]'s text separates its elements by ';', not ',').
    if (isStoredText(col.elementTypname) && !isBuiltInType(col.elementTypname))
      return arrayTextSql(`${storedTextSql(c)}::text[]`, (e) => e);
    return arrayTextSql(c, (e) => valueTextSql(element, e));
  }
  const subtype = DATE_RANGES[col.typname];
  if (subtype) {
    // `[lower,upper)` with each bound as its type is written, an unbounded side empty: the range's
    // own input reads it back under any DateStyle.
    const bound = (b: string) =>
      `coalesce('"' || (${valueTextSql({ typname: subtype, elementTypname: null }, b)}) || '"', '')`;
    return (
      `case when ${c} is null then null when isempty(${c}) then 'empty' else (case when lower_inc(${c}) then '[' else '(' end) || ` +
      `${bound(`lower(${c})`)} || ',' || ${bound(`upper(${c})`)} || (case when upper_inc(${c}) then ']' else ')' end) end`
    );
  }
  switch (col.typname) {
    case 'date':
    case 'timestamp':
      return `to_json(${c}) #>> '{}'`;
    case 'timestamptz':
      return `case when isfinite(${c}) then (to_json(${c} at time zone 'UTC') #>> '{}') || '+00:00' else ${c}::text end`;
    case 'bytea':
      return `encode(${c}, 'hex')`;
    case 'float4':
    case 'float8':
      return `encode(${col.typname}send(${c}), 'hex')`;
    case 'interval':
      return `encode(interval_send(${c}), 'hex')`;
    case 'money':
      // The amount, without lc_monetary's symbol and separators (load/coerce.ts reads it back so).
      return `${c}::numeric::text`;
    default:
      // Types whose text no setting changes as they are; the rest (geometric types, other ranges,
      // multiranges, composites, enums, ...) under the canonical output settings and lc_monetary C
      // (canonical-text.ts), which a load reads back so (load/json-rows-sql.ts).
      return SETTING_FREE.has(col.typname) ? `${c}::text` : storedTextSql(c);
  }
}

/**
 * One column's value → its DynamoDB attribute (spec §4 "Write value mapping"): text → S, numbers → N
 * (exact; money its amount), boolean → BOOL, bytea → B, dates → S ISO 8601, jsonb → S holding JSON (L/M with
 * `jsonb_write 'native'`), an array → L of its elements so written (`element`: one of them). Returns null
 * for SQL NULL (not written).
 */
export function toWriteAttribute(
  col: ColumnDef,
  text: string | null,
  jsonbNative: boolean,
  element = false,
): AttributeValue | null {
  if (text === null) return null;
  if (col.elementTypname) {
    // Elements of json/jsonb are written with native types: a list of S holding JSON would read
    // back as JSON strings (load/coerce.ts reads an element's S as a string).
    const element = { ...col, typname: col.elementTypname, elementTypname: null };
    return arrayAttribute(text, (t) => toWriteAttribute(element, t, true, true));
  }
  if (col.typname === 'float4' || col.typname === 'float8') return { N: dynamoNumber(floatText(text), col) };
  if (col.typname === 'interval') return { S: intervalText(text) };
  if (NUMERIC.has(col.typname)) return { N: dynamoNumber(text, col) };
  if (col.typname === 'bool') return { BOOL: text === 'true' || text === 't' };
  if (col.typname === 'bytea') return { B: Buffer.from(text, 'hex') };
  if (col.typname === 'jsonb' || col.typname === 'json')
    return jsonbNative ? nativeJsonAttribute(col, text) : { S: text };
  // An array's elements are read back through their type's input (load/coerce.ts elementJson): any text.
  if (DATE_TIMES.has(col.typname) && !element) return { S: dateTimeText(text, col) };
  return { S: text };
}

const DATE_TIMES = new Set(['date', 'timestamp', 'timestamptz']);

/**
 * A date/time value as it is stored, or the error naming its column when it cannot be: a column's S
 * is read back only as ISO 8601 text of years 0001 to 9999 (load/coerce.ts isIso8601), in whose
 * order DynamoDB's byte-wise comparisons of pushed conditions agree with Postgres's. `infinity`, a
 * BC date or a year past 9999 would be written and then fail every later read of the table.
 */
function dateTimeText(text: string, col: Pick<ColumnDef, 'name' | 'type'>): string {
  if (isIso8601(text)) return text;
  throw new EngineError(
    SqlState.datetimeFieldOverflow,
    `value "${text}" of column "${col.name}" cannot be stored in DynamoDB as an ISO 8601 ${col.type}`,
    {
      hint: 'a date/time attribute is ISO 8601 text of a year from 0001 to 9999: infinity and BC dates have none',
    },
  );
}

/**
 * A JSON value written with native types (`jsonb_write 'native'`, the catch-all's members), every
 * number in DynamoDB's form like a numeric column's: `{"a": [1.50, "x"]}` → { M: { a: { L: [{ N: '1.5' }, { S: 'x' }] } } }
 */
export function nativeJsonAttribute(col: Pick<ColumnDef, 'name'>, text: string): AttributeValue {
  const normalize = (v: AttributeValue): AttributeValue => {
    if (v.N !== undefined) return { N: dynamoNumber(v.N, col) };
    if (v.L) return { L: v.L.map(normalize) };
    if (v.M) return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, normalize(x)])) };
    return v;
  };
  return normalize(jsonToAttribute(text));
}

/** Number text → a DynamoDB number, or the error naming the column when DynamoDB cannot hold it. */
function dynamoNumber(text: string, col: Pick<ColumnDef, 'name'>): string {
  const n = normalizeNumber(text);
  if (n === null) {
    throw new EngineError(
      SqlState.numericOutOfRange,
      `value ${text} of column "${col.name}" cannot be stored as a DynamoDB number`,
      {
        hint: 'DynamoDB numbers have at most 38 significant digits and no NaN or Infinity',
      },
    );
  }
  return n;
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { leftoverAttributes, mayReadCatchAll } from '../catalog/catch-all';
import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import { isIso8601 } from './is-iso-8601';
import { EngineError, SqlState } from '../errors';
import type { Item } from '../fetch/read-pages';
import { decimalInteger, fitsNumeric, parseDecimal, scaledInteger } from '../util/decimal';
import { attributeJson, attributeType, hex, jsonNumber, mapJson } from './attribute-json';

export interface CoerceContext {
  /** `schema.table`, for error messages. */
  readonly relation: string;
  /** Key attribute names, to name the item in error messages. */
  readonly keyNames: readonly string[];
}

/**
 * One DynamoDB item → one JSON object text for `jsonb_populate_recordset`, a member per declared
 * column (spec §2 "Type coercion"). Values the host parses (numbers, dates) travel as JSON strings,
 * so no digit is lost; a value that does not fit its column is an error naming table, column, key
 * and the DynamoDB type found.
 */
export function itemToRowJson(item: Item, columns: readonly ColumnDef[], ctx: CoerceContext): string {
  return rowJson(item, columns, ctx).json;
}

/**
 * Items → the JSON array the load inserts, and whether a jsonb column holds JSON null in it: as
 * `jsonb_populate_recordset` reads a null member as SQL NULL, such a column is loaded by `e -> 'col'`
 * (load-scan.ts). `[{ id: 'n1', doc: { S: 'null' } }]` → `{ json: '[{"id":"n1","doc":null}]', jsonbNull: true }`
 */
export function itemsToRowsJson(
  items: readonly Item[],
  columns: readonly ColumnDef[],
  ctx: CoerceContext,
): { readonly json: string; readonly jsonbNull: boolean } {
  let jsonbNull = false;
  const rows = items.map((item) => {
    const row = rowJson(item, columns, ctx);
    jsonbNull ||= row.jsonbNull;
    return row.json;
  });
  return { json: '[' + rows.join(',') + ']', jsonbNull };
}

function rowJson(
  item: Item,
  columns: readonly ColumnDef[],
  ctx: CoerceContext,
): { json: string; jsonbNull: boolean } {
  const parts: string[] = [];
  let jsonbNull = false;
  for (const col of columns) {
    const json = columnJson(item, col, columns, ctx);
    if (json === null) continue;
    if (json === 'null' && col.typname === 'jsonb') jsonbNull = true;
    parts.push(JSON.stringify(col.name) + ':' + json);
  }
  return { json: '{' + parts.join(',') + '}', jsonbNull };
}

/** One column's value of an item as JSON text (null for SQL NULL), by the coercion table. */
export function columnJson(
  item: Item,
  col: ColumnDef,
  columns: readonly ColumnDef[],
  ctx: CoerceContext,
): string | null {
  const attr = item[attributeOf(col)];
  if (attr === undefined) {
    const rest = mayReadCatchAll(col) ? leftoverAttributes(item, columns) : null;
    if (rest === null) return null;
    // json keeps its text verbatim: it travels as a JSON string (load-scan.ts).
    return col.typname === 'json' ? JSON.stringify(mapJson(rest)) : mapJson(rest);
  }
  if (attr.NULL) return null;
  return coerceValue(attr, col, item, ctx);
}

const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

const TEXT = new Set(['text', 'varchar', 'bpchar', 'name', 'citext']);

function coerceValue(v: AttributeValue, col: ColumnDef, item: Item, ctx: CoerceContext): string {
  const t = col.typname;
  const mismatch = () => coerceError(SqlState.datatypeMismatch, v, col, item, ctx);
  const invalid = (why: string) => coerceError(SqlState.invalidTextRepresentation, v, col, item, ctx, why);
  if (t === 'bool') {
    if (v.BOOL === undefined) throw mismatch();
    return v.BOOL ? 'true' : 'false';
  }
  if (TEXT.has(t)) {
    if (v.S !== undefined) return JSON.stringify(v.S);
    if (v.N !== undefined) return JSON.stringify(v.N);
    if (v.BOOL !== undefined) return v.BOOL ? '"true"' : '"false"';
    throw mismatch();
  }
  const range = INT_RANGES[t];
  if (range) {
    if (v.N === undefined) throw mismatch();
    const n = decimalInteger(v.N.trim());
    if (n === null) throw invalid('not an integer');
    if (n < range[0] || n > range[1])
      throw coerceError(SqlState.numericOutOfRange, v, col, item, ctx, `out of range for ${col.type}`);
    return JSON.stringify(n.toString());
  }
  if (t === 'numeric' || t === 'float4' || t === 'float8') {
    if (v.N === undefined) throw mismatch();
    const n = jsonNumber(v.N);
    if (t === 'numeric')
      checkNumericTypmod(n, col, () =>
        coerceError(SqlState.numericOutOfRange, v, col, item, ctx, `does not fit ${col.type}`),
      );
    return JSON.stringify(n);
  }
  if (t === 'date' || t === 'timestamp' || t === 'timestamptz') {
    if (v.S !== undefined) {
      if (!isIso8601(v.S)) throw invalid('not an ISO 8601 date/time');
      return JSON.stringify(v.S);
    }
    if (v.N !== undefined) {
      const s = epochToIso(v.N, t);
      if (s === null) throw invalid('not a Unix epoch in range');
      return JSON.stringify(s);
    }
    throw mismatch();
  }
  if (t === 'bytea') {
    if (v.B === undefined) throw mismatch();
    return JSON.stringify('\\x' + hex(v.B));
  }
  if (t === 'jsonb') {
    if (v.S !== undefined) return isJson(v.S) ? v.S : JSON.stringify(v.S);
    return attributeJson(v);
  }
  if (t === 'json') {
    // json keeps its text verbatim: it travels as a JSON string and is cast on load (load-scan.ts).
    return JSON.stringify(
      v.S !== undefined && isJson(v.S) ? v.S : v.S !== undefined ? JSON.stringify(v.S) : attributeJson(v),
    );
  }
  if (col.elementTypname) {
    const elements: AttributeValue[] | undefined =
      v.L ?? v.SS?.map((S) => ({ S })) ?? v.NS?.map((N) => ({ N })) ?? v.BS?.map((B) => ({ B }));
    if (!elements) throw mismatch();
    return '[' + elements.map((e) => elementJson(e, col.elementTypname!)).join(',') + ']';
  }
  // money's N is its amount: a JSON number, which the load reads as numeric, then money
  // (run/load-scan.ts), as its input function would take '1234.5' by lc_monetary's separators.
  if (t === 'money' && v.N !== undefined) return jsonNumber(v.N);
  // Any other type (uuid, inet, time, interval, ...) reads the text of S or N through its input function.
  if (v.S !== undefined) return JSON.stringify(v.S);
  if (v.N !== undefined) return JSON.stringify(v.N);
  throw mismatch();
}

/**
 * An array element as `jsonb_populate_recordset` reads it into the element type: a nested list is
 * the next dimension; json/jsonb take the JSON value itself; other types read a JSON string through
 * their input function (a number keeps its exact digits, bytea its `\x` hex).
 *   { N: '1.50' } (numeric) → '"1.50"';  { B: [0, 255] } (bytea) → '"\\x00ff"';  { N: '2' } (jsonb) → '2';
 *   { N: '0.01' } (money) → '0.01'
 */
function elementJson(e: AttributeValue, typname: string): string {
  if (typname === 'jsonb' || typname === 'json') return attributeJson(e);
  if (e.L) return '[' + e.L.map((x) => elementJson(x, typname)).join(',') + ']';
  // money's amounts are JSON numbers, read as numeric[] then money[] (json-rows-sql.ts), not by lc_monetary.
  if (e.N !== undefined) return typname === 'money' ? jsonNumber(e.N) : JSON.stringify(e.N);
  if (e.B !== undefined) return JSON.stringify('\\x' + hex(e.B));
  return attributeJson(e);
}

function coerceError(
  sqlstate: string,
  v: AttributeValue,
  col: ColumnDef,
  item: Item,
  ctx: CoerceContext,
  why?: string,
): EngineError {
  const key =
    '{' +
    ctx.keyNames
      .filter((k) => item[k])
      .map((k) => `${JSON.stringify(k)}: ${attributeJson(item[k]!)}`)
      .join(', ') +
    '}';
  let shown = attributeJson(v);
  if (shown.length > 60) shown = shown.slice(0, 57) + '...';
  const error = new EngineError(
    sqlstate,
    `cannot read DynamoDB ${attributeType(v)} value ${shown} as ${col.type}${why ? ` (${why})` : ''}: column "${col.name}" of foreign table "${ctx.relation}", item ${key}`,
    { hint: 'change the column type, or read the attribute through the catch-all jsonb column' },
  );
  failures.set(error, { item, naming: (keyed) => coerceError(sqlstate, v, col, keyed, ctx, why) });
  return error;
}

/** A value that did not fit its column: the item it came in, and the same error naming another item. */
export interface CoercionFailure {
  readonly item: Item;
  naming(item: Item): EngineError;
}

const failures = new WeakMap<EngineError, CoercionFailure>();

/**
 * The coercion failure behind an error, if it is one: an item read without its keys (a streaming
 * aggregate's, run/load-scan.ts) is read again with them, and the error then names its key.
 */
export function coercionFailure(error: unknown): CoercionFailure | undefined {
  return error instanceof EngineError ? failures.get(error) : undefined;
}

function isJson(s: string): boolean {
  const t = s.trim();
  if (!t) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** Unix epoch seconds (exact, to the microsecond) → the ISO text Postgres reads for the column type. */
export function epochToIso(n: string, typname: 'date' | 'timestamp' | 'timestamptz'): string | null {
  const d = parseDecimal(n.trim());
  if (!d || d.point > 12) return null; // beyond year 9999 (checked exactly below), before scaling a huge exponent
  const micros = scaledInteger(d, 6);
  const seconds = micros >= 0n ? micros / 1_000_000n : -((-micros + 999_999n) / 1_000_000n);
  const frac = Number(micros - seconds * 1_000_000n);
  if (seconds > 253402300799n || seconds < -62135596800n) return null;
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (typname === 'date') return iso.slice(0, 10);
  const text = iso.replace('T', ' ') + (frac ? '.' + String(frac).padStart(6, '0') : '');
  return typname === 'timestamptz' ? text + '+00' : text;
}

/** numeric(p, s) as Postgres 15+ encodes it (the scale may be negative or exceed p): does the value fit once rounded? */
function checkNumericTypmod(n: string, col: ColumnDef, fail: () => EngineError): void {
  if (col.typmod < 4) return;
  const precision = ((col.typmod - 4) >> 16) & 0xffff;
  const scale = (((col.typmod - 4) & 0x7ff) ^ 1024) - 1024;
  const d = parseDecimal(n);
  if (d && !fitsNumeric(d, precision, scale)) throw fail();
}

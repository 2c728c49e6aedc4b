import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ColumnDef } from '../catalog/foreign-table';
import { EngineError, SqlState } from '../errors';
import { normalizeNumber } from '../plan/attribute-value';
import { quoteIdent } from '../parse/ast';
import { jsonToAttribute } from './json-attribute';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);
const TIME = new Set(['date', 'timestamp', 'timestamptz']);

/** The catch-all column on writes: a jsonb column named `_attrs` (the name IMPORT gives it). */
export function isCatchAll(col: ColumnDef): boolean {
  return col.typname === 'jsonb' && col.name === '_attrs';
}

/**
 * The SQL that reads a column as the text its DynamoDB value is built from:
 * numbers as their exact text, dates in ISO 8601, bytea as hex, everything else as text.
 */
export function writeTextSql(col: ColumnDef, alias: string): string {
  const c = `${quoteIdent(alias)}.${quoteIdent(col.name)}`;
  if (TIME.has(col.typname)) return `to_json(${c}) #>> '{}'`;
  if (col.typname === 'bytea') return `encode(${c}, 'hex')`;
  return `${c}::text`;
}

/**
 * One column's value → its DynamoDB attribute (spec §4 "Write value mapping"): text → S, numbers → N
 * (exact), boolean → BOOL, bytea → B, dates → S ISO 8601, jsonb → S holding JSON (L/M with
 * `jsonb_write 'native'`). Returns null for SQL NULL (not written).
 */
export function toWriteAttribute(col: ColumnDef, text: string | null, jsonbNative: boolean): AttributeValue | null {
  if (text === null) return null;
  if (NUMERIC.has(col.typname)) {
    const n = normalizeNumber(text);
    if (n === null) {
      throw new EngineError(SqlState.numericOutOfRange, `value ${text} of column "${col.name}" cannot be stored as a DynamoDB number`, {
        hint: 'DynamoDB numbers have at most 38 significant digits and no NaN or Infinity',
      });
    }
    return { N: n };
  }
  if (col.typname === 'bool') return { BOOL: text === 'true' || text === 't' };
  if (col.typname === 'bytea') return { B: Buffer.from(text, 'hex') };
  if (col.typname === 'jsonb' || col.typname === 'json') return jsonbNative ? jsonToAttribute(text) : { S: text };
  return { S: text };
}

/** The catch-all object spread into top-level attributes with native types. */
export function spreadCatchAll(text: string | null): Record<string, AttributeValue> {
  if (text === null) return {};
  const v = jsonToAttribute(text);
  if (!v.M) throw new EngineError(SqlState.datatypeMismatch, 'the catch-all column "_attrs" must hold a JSON object to be written');
  return v.M;
}

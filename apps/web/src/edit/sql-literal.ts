import { JsonNull, LosslessNumber, stringifyLossless } from '../api/lossless-json';
import type { Cell } from '../api/wire';
import { isJsonType, isNumericType } from '../format/format-cell';
import { quoteLiteral } from '../sql/identifiers';

/** A numeric literal Postgres reads as a number without quotes: `-12.50`, `1e-3`, `.5`. */
const BARE_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell (as the API sends it, or as an editor produced it) as the SQL literal that writes exactly
 * that value into a column of `type`. Literals stay untyped (`'...'`): Postgres gives them the
 * column's type in `SET c = ...`, `VALUES (...)` and `c = ...`, so the cast is the column's own.
 *   null → NULL (SQL NULL: the attribute is removed / not written)
 *   JSON null in jsonb → 'null' (a JSON null value, DynamoDB NULL inside _attrs)
 *   {"a": 1.50} in jsonb → '{"a":1.50}' (every digit kept)
 *   "12.50" in numeric → 12.50; "NaN" in numeric → 'NaN'
 *   "it's" in text → 'it''s'; "\x00ff" in bytea → '\x00ff'; true → true
 */
export function sqlLiteral(value: Cell, type: string): string {
  if (value === null) return 'NULL';
  if (value instanceof JsonNull) return quoteLiteral('null');
  if (isJsonType(type)) return quoteLiteral(stringifyLossless(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof LosslessNumber) return numberLiteral(String(value));
  if (typeof value === 'string') return isNumericType(type) ? numberLiteral(value) : quoteLiteral(value);
  // An array/object in a non-JSON column: its JSON text, for Postgres to judge.
  return quoteLiteral(stringifyLossless(value));
}

/** A number's text as it is when Postgres reads it bare, else quoted (`NaN`, `Infinity`, `$1.00` money). */
function numberLiteral(text: string): string {
  // The grammar folds a leading minus into the constant, so `-5` is a literal (and stays pushable).
  return BARE_NUMBER.test(text) ? text : quoteLiteral(text);
}

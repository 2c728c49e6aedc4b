import { JsonText, type Cell } from '../types';

const NUMBER_OIDS = new Set([21, 23, 26, 700, 701]);
const FLOAT_OIDS = new Set([700, 701]);
const BOOL_OID = 16;
const JSON_OIDS = new Set([114, 3802]);

/**
 * Postgres text output → a cell (design.md, HTTP contract): int2/int4/float4/float8 → number,
 * boolean → boolean, json/jsonb → JsonText (verbatim), every other type → its text. With
 * `floatsAsText` (the wire protocol's rows) float4/float8 keep the host's text, which follows the
 * session's extra_float_digits: `1.234e+04` (real, extra_float_digits -2), where a number is 12340.
 */
export function toCell(text: string | null, typeId: number, floatsAsText = false): Cell {
  if (text === null) return null;
  if (floatsAsText && FLOAT_OIDS.has(typeId)) return text;
  if (NUMBER_OIDS.has(typeId)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (typeId === BOOL_OID) return text === 't';
  if (JSON_OIDS.has(typeId)) return new JsonText(text);
  return text;
}

export function toCells(
  rows: readonly (readonly (string | null)[])[],
  typeIds: readonly number[],
  floatsAsText = false,
): Cell[][] {
  return rows.map((row) => row.map((v, i) => toCell(v, typeIds[i]!, floatsAsText)));
}

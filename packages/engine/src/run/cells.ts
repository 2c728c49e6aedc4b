import { JsonText, type Cell } from '../types';

const NUMBER_OIDS = new Set([21, 23, 26, 700, 701]);
const BOOL_OID = 16;
const JSON_OIDS = new Set([114, 3802]);

/**
 * Postgres text output → a cell (design.md, HTTP contract): int2/int4/float4/float8 → number,
 * boolean → boolean, json/jsonb → JsonText (verbatim), every other type → its text.
 */
export function toCell(text: string | null, typeId: number): Cell {
  if (text === null) return null;
  if (NUMBER_OIDS.has(typeId)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (typeId === BOOL_OID) return text === 't';
  if (JSON_OIDS.has(typeId)) return new JsonText(text);
  return text;
}

export function toCells(rows: readonly (readonly (string | null)[])[], typeIds: readonly number[]): Cell[][] {
  return rows.map((row) => row.map((v, i) => toCell(v, typeIds[i]!)));
}

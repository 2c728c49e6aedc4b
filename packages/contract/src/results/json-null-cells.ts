import { JSON_NULL, JsonNull } from '../json/json-null';
import { JsonText } from '../json/json-text';
import type { JsonNullCell } from './cell';
import type { NextPage, ScriptResult } from './script-result';

/**
 * Where rows hold JSON null: a `JsonText` of `null` (the server's cells) or `JSON_NULL` (a client's).
 *   [['a', JsonText('null'), null]] → [[0, 1]]
 */
export function jsonNullCells(rows: readonly (readonly unknown[])[]): JsonNullCell[] {
  const cells: JsonNullCell[] = [];
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell instanceof JsonNull || (cell instanceof JsonText && cell.text.trim() === 'null'))
        cells.push([r, c]);
    }),
  );
  return cells;
}

/** Rows as received (JSON null arrived as `null`) with `JSON_NULL` back in its `cells`. */
export function withJsonNulls<C>(
  rows: readonly (readonly C[])[],
  cells: readonly JsonNullCell[] | undefined,
): (C | JsonNull)[][] {
  const out: (C | JsonNull)[][] = rows.map((row) => [...row]);
  for (const [r, c] of cells ?? []) {
    const row = out[r];
    if (row && c < row.length && row[c] === null) row[c] = JSON_NULL;
  }
  return out;
}

/** `{ jsonNulls }` for rows that hold JSON null, else nothing (the body stays as it was). */
const jsonNullsOf = (rows: readonly (readonly unknown[])[]) => {
  const jsonNulls = jsonNullCells(rows);
  return jsonNulls.length ? { jsonNulls } : {};
};

/** A script's answer as the API sends it: each statement's `jsonNulls` set when its rows hold any. */
export function sentScript<S extends ScriptResult<unknown>>(result: S): S {
  return { ...result, statements: result.statements.map((s) => ({ ...s, ...jsonNullsOf(s.rows) })) };
}

/** The same for a next page. */
export function sentPage<P extends NextPage<unknown>>(page: P): P {
  return { ...page, ...jsonNullsOf(page.rows) };
}

/** A script's answer as a client holds it: JSON null as `JSON_NULL`, SQL NULL as `null`. */
export function receivedScript<J>(result: ScriptResult<J>): ScriptResult<J | JsonNull> {
  return {
    ...result,
    statements: result.statements.map((s) => ({ ...s, rows: withJsonNulls(s.rows, s.jsonNulls) })),
  };
}

/** The same for a next page. */
export function receivedPage<J>(page: NextPage<J>): NextPage<J | JsonNull> {
  return { ...page, rows: withJsonNulls(page.rows, page.jsonNulls) };
}

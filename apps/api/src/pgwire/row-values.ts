import type { Cell } from '@dynascope/engine';
import type { WireField } from './backend-messages';
import { textToBinary } from './binary-values';
import { cellText } from './cell-text';
import { UTF8, type ClientEncoding } from './client-encoding';
import { dateOrderDayFirst } from './datetime-text';

/**
 * A result row as DataRow values: each cell as Postgres's text output, or its binary form where
 * the client asked for that column in binary; null for SQL NULL. `settings` are the session's
 * reported ones (ParameterStatus): their DateStyle says whether `01/02/2000` is day or month first.
 * Text goes out in the client's `encoding` (a text type's binary form too, as Postgres's textsend):
 * a character it has not is 22P05 (client-encoding.ts).
 *   [true, '1.5', null] (boolean, double precision as the host's text, text; all text) → ['t', '1.5', null]
 */
export function rowValues(
  row: readonly Cell[],
  fields: readonly Pick<WireField, 'typeOid' | 'format'>[],
  settings: Readonly<Record<string, string>> = {},
  encoding: ClientEncoding = UTF8,
): (Buffer | null)[] {
  const dayFirst = dateOrderDayFirst(settings.DateStyle);
  return row.map((cell, i) => {
    const text = cellText(cell);
    if (text === null) return null;
    return fields[i]!.format === 1
      ? textToBinary(text, fields[i]!.typeOid, dayFirst, encoding)
      : encoding.encode(text);
  });
}

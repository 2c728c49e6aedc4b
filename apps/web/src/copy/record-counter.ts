import type { ExportFormat } from './export-sql';

/** How many records the bytes read so far hold, and whether the last one is inside a CSV quote. */
export interface RecordCount {
  readonly records: number;
  readonly inQuotes: boolean;
}

export const NO_RECORDS: RecordCount = Object.freeze({ records: 0, inQuotes: false });

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * The count after one more chunk of COPY output. Every record ends with a newline; in CSV a
 * newline inside quotes is part of a value (`""` toggles twice, so it needs no special case).
 * Bytes, not text: `\n` and `"` never occur inside a UTF-8 multi-byte sequence, so a chunk may
 * split a character anywhere.
 */
export function countRecords(count: RecordCount, chunk: Uint8Array, format: ExportFormat): RecordCount {
  let { records, inQuotes } = count;
  const csv = format === 'csv';
  for (const byte of chunk) {
    if (csv && byte === QUOTE) inQuotes = !inQuotes;
    else if (byte === NEWLINE && !inQuotes) records++;
  }
  return { records, inQuotes };
}

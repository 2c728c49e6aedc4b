import { formatCell } from '../format/format-cell';
import type { Cell, WireColumn } from '../api/wire';

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV with a header row: NULL → empty field, JSON → its text, numbers with their exact
 * digits, CRLF line ends. `[[1,'a,b',null]]` → `id,name,note\r\n1,"a,b",\r\n`.
 */
export function toCsv(columns: readonly WireColumn[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((col, i) => {
          const cell = formatCell(row[i] ?? null, col.type);
          return cell.kind === 'null' ? '' : csvField(cell.full);
        })
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

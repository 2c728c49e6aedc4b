/**
 * Clipboard TSV as rows of fields — what `rangeTsv` (range-tsv.ts) and spreadsheets write: fields
 * split by tabs, rows by `\n`, `\r\n` or `\r`; a field that starts with `"` is quoted (tabs and line
 * breaks inside, `""` for a quote); the one line break a spreadsheet puts after the last row is not
 * a row. Rows keep their own lengths (a ragged paste stays ragged); no text is no rows.
 *   'u1\t"a\tb"\r\nu2\t\n' → [['u1', 'a\tb'], ['u2', '']]
 *   '"say ""hi"""'          → [['say "hi"']]
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  if (text === '') return rows;
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          // An unclosed quote: the rest is the field, as spreadsheets read it.
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    // Unquoted text (or what follows a closing quote) runs to the next tab or line break.
    let end = i;
    while (end < n && text[end] !== '\t' && text[end] !== '\n' && text[end] !== '\r') end++;
    field += text.slice(i, end);
    i = end;
    row.push(field);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    if (text[i] === '\t') {
      i++;
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
}

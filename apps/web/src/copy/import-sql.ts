import { qualifiedName, quoteIdent } from '../sql/identifiers';
import type { ExportFormat } from './export-sql';

/** How an import reads its file: `COPY t FROM STDIN (FORMAT ..., HEADER, DELIMITER ...)`. */
export interface ImportOptions {
  readonly format: ExportFormat;
  /** csv and text: the first line names the columns (they become the COPY's column list). */
  readonly header: boolean;
  /** csv and text: one character (tab for text by default). */
  readonly delimiter: string;
}

/** The options an import starts with for a file, from its name: `.csv` → csv with a header. */
export function importOptionsFor(fileName: string): ImportOptions {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (['json', 'jsonl', 'ndjson'].includes(ext))
    return { format: 'dynamodb_json', header: false, delimiter: '' };
  if (['txt', 'tsv', 'tab', 'text'].includes(ext)) return { format: 'text', header: false, delimiter: '\t' };
  return { format: 'csv', header: true, delimiter: ',' };
}

/**
 * The column names of a header line, as COPY would split it (csv quoting: `"a,b"` and `""`).
 * `id,"full name"` → ['id', 'full name']
 */
export function headerColumns(line: string, options: ImportOptions): string[] {
  const text = line.replace(/\r$/, '');
  const d = options.delimiter || (options.format === 'csv' ? ',' : '\t');
  if (options.format !== 'csv') return text.split(d);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === d) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** A string literal that reads the same whatever `standard_conforming_strings` says (tab as `\t`). */
function literal(value: string): string {
  return "E'" + value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\t/g, '\\t') + "'";
}

/**
 * The COPY an import runs, with the header's names as its column list:
 *   users, csv, header 'id,name' → `copy public.users (id, name) from stdin (format csv, header true)`;
 *   users, dynamodb_json → `copy public.users from stdin (format dynamodb_json)`.
 */
export function importSql(
  table: { readonly schema: string; readonly name: string },
  options: ImportOptions,
  headerLine: string | null,
): string {
  const target = qualifiedName(table.schema, table.name);
  if (options.format === 'dynamodb_json') return `copy ${target} from stdin (format dynamodb_json)`;
  const columns =
    options.header && headerLine !== null
      ? ` (${headerColumns(headerLine, options)
          .map((c) => quoteIdent(c.trim()))
          .join(', ')})`
      : '';
  const list = [`format ${options.format}`];
  if (options.header) list.push('header true');
  const standard = options.format === 'csv' ? ',' : '\t';
  if (options.delimiter && options.delimiter !== standard)
    list.push(`delimiter ${literal(options.delimiter)}`);
  return `copy ${target}${columns} from stdin (${list.join(', ')})`;
}

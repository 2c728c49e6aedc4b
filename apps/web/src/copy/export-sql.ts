import { meaningfulTokens } from '../sql/scan-sql';

/** The file formats an export can write: `COPY ... TO STDOUT (FORMAT csv | text | dynamodb_json)`. */
export type ExportFormat = 'csv' | 'text' | 'dynamodb_json';

/**
 * The table a statement reads whole, as written, when it is exactly `select * from <table>`
 * (optionally schema-qualified): only then can an export write DynamoDB JSON, item for item.
 * `select * from public.events` → `public.events`; `select * from events where kind = 'x'` → null.
 */
export function wholeTableOf(sql: string): string | null {
  const tokens = meaningfulTokens(sql).filter((t) => t.text !== ';');
  const words = tokens.map((t) => (t.kind === 'word' ? t.text.toLowerCase() : t.text));
  if (words[0] !== 'select' || words[1] !== '*' || words[2] !== 'from') return null;
  const name = tokens.slice(3);
  const isName = (i: number) => name[i]?.kind === 'word' || name[i]?.kind === 'quoted-ident';
  if (name.length === 1 && isName(0)) return name[0]!.text;
  if (name.length === 3 && isName(0) && name[1]!.text === '.' && isName(2))
    return `${name[0]!.text}.${name[2]!.text}`;
  return null;
}

/**
 * The COPY that writes a statement's whole result in a format. The statement goes on lines of its
 * own, so a trailing `-- comment` cannot swallow the closing parenthesis.
 * `select a from t`, csv → `copy (\nselect a from t\n) to stdout with (format csv, header)`;
 * `select * from t`, dynamodb_json → `copy t to stdout (format dynamodb_json)`.
 */
export function exportSql(sql: string, format: ExportFormat): string {
  if (format === 'dynamodb_json') {
    const table = wholeTableOf(sql);
    if (!table) throw new Error('DynamoDB JSON exports only `select * from <one foreign table>`');
    return `copy ${table} to stdout (format dynamodb_json)`;
  }
  const statement = sql.trim().replace(/;\s*$/, '');
  const options = format === 'csv' ? 'format csv, header' : 'format text';
  return `copy (\n${statement}\n) to stdout with (${options})`;
}

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', text: 'txt', dynamodb_json: 'json' };

/** The suggested file name: `dynascope-2026-11-30-12-00-00.csv`, `events-….json` for DynamoDB JSON. */
export function exportFileName(sql: string, format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const table = format === 'dynamodb_json' ? wholeTableOf(sql)?.replace(/"/g, '') : null;
  return `${table ?? 'dynascope'}-${stamp}.${EXTENSIONS[format]}`;
}

import { scanSql } from '../sql/scan-sql';

const KEYWORDS = new Set(
  'select from where create foreign table server options import schema limit to except into data wrapper not null if exists and or update set insert values delete returning in'.split(
    ' ',
  ),
);

/** Read-only SQL with light highlighting, for generated statements. */
export function SqlPreview({ sql, testId }: { sql: string; testId?: string }) {
  return (
    <pre className="sql-preview" data-testid={testId}>
      {scanSql(sql).map((t, i) => {
        if (t.kind === 'string')
          return (
            <span key={i} className="str">
              {t.text}
            </span>
          );
        if (t.kind === 'comment')
          return (
            <span key={i} className="cm">
              {t.text}
            </span>
          );
        if (t.kind === 'word' && KEYWORDS.has(t.text.toLowerCase()))
          return (
            <span key={i} className="kw">
              {t.text}
            </span>
          );
        return t.text;
      })}
    </pre>
  );
}

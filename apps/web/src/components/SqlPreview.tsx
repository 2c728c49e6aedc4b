import { sqlWordClass } from '../editor/sql-word-class';
import { scanSql } from '../sql/scan-sql';

/** The class of each word the editor colours (sql-word-class.ts): keywords, operator words, built-ins. */
const WORD_CLASS = { keyword: 'kw', operator: 'sql-op', predefined: 'sql-fn' } as const;

/** Read-only SQL highlighted as the editor highlights it, for generated statements. */
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
        const wordClass = t.kind === 'word' ? sqlWordClass(t.text) : null;
        if (wordClass)
          return (
            <span key={i} className={WORD_CLASS[wordClass]}>
              {t.text}
            </span>
          );
        return t.text;
      })}
    </pre>
  );
}

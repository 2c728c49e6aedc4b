import { describe, expect, it } from 'vitest';
import { language } from 'monaco-editor/languages/definitions/pgsql/pgsql';
import { STATEMENT_KEYWORDS, withStatementKeywords } from './statement-keywords';

describe('withStatementKeywords', () => {
  it("adds DML and transaction words that Monaco's pgsql grammar does not highlight", () => {
    // The premise: Monaco's list is Postgres's reserved words only.
    expect(language.keywords).toContain('SELECT');
    expect(language.keywords).not.toContain('INSERT');
    expect(language.keywords).not.toContain('COMMIT');
    const ours = withStatementKeywords(language);
    for (const word of [
      'INSERT',
      'UPDATE',
      'DELETE',
      'MERGE',
      'BEGIN',
      'COMMIT',
      'ROLLBACK',
      'SAVEPOINT',
      'COPY',
    ])
      expect(ours.keywords).toContain(word);
    expect(ours.keywords).toContain('SELECT');
    expect(new Set(ours.keywords).size).toBe(ours.keywords.length);
    expect(ours.keywords.length).toBe(new Set([...language.keywords, ...STATEMENT_KEYWORDS]).size);
    // Everything else is Monaco's: the tokenizer, the operators, case-insensitivity.
    expect(ours.tokenizer).toBe(language.tokenizer);
    expect(ours.ignoreCase).toBe(true);
  });
});

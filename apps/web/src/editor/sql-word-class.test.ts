import { describe, expect, it } from 'vitest';
import { language } from 'monaco-editor/languages/definitions/pgsql/pgsql';
import { sqlWordClass } from './sql-word-class';
import { STATEMENT_KEYWORDS, withStatementKeywords } from './statement-keywords';

describe('sqlWordClass', () => {
  it('classes DDL, DML and transaction words as keywords, in any case', () => {
    for (const word of [
      'ALTER',
      'drop',
      'Create',
      'insert',
      'UPDATE',
      'delete',
      'begin',
      'commit',
      'rollback',
    ])
      expect([word, sqlWordClass(word)]).toEqual([word, 'keyword']);
    for (const word of [
      'foreign',
      'table',
      'server',
      'options',
      'import',
      'schema',
      'data',
      'wrapper',
      'add',
    ])
      expect([word, sqlWordClass(word)]).toEqual([word, 'keyword']);
  });

  it('classes operator words and built-ins as the tokenizer does, and leaves names alone', () => {
    expect(sqlWordClass('and')).toBe('operator');
    expect(sqlWordClass('JOIN')).toBe('operator');
    expect(sqlWordClass('count')).toBe('predefined');
    expect(sqlWordClass('users')).toBeNull();
    expect(sqlWordClass('customer_id')).toBeNull();
  });

  it("agrees with the editor's language on every word of its lists (one keyword list)", () => {
    const editor = withStatementKeywords(language);
    // The grammar ignores case: its lists are compared in one case, operators first, then built-ins.
    const upper = (words: readonly string[]) => new Set(words.map((w) => w.toUpperCase()));
    const operators = upper(editor.operators);
    const predefined = upper([...editor.builtinVariables, ...editor.builtinFunctions]);
    expect(editor.ignoreCase).toBe(true);
    for (const word of [...editor.keywords, ...STATEMENT_KEYWORDS]) {
      const w = word.toUpperCase();
      const expected = operators.has(w) ? 'operator' : predefined.has(w) ? 'predefined' : 'keyword';
      expect([word, sqlWordClass(word)]).toEqual([word, expected]);
    }
  });
});

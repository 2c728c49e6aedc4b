import { language } from 'monaco-editor/languages/definitions/pgsql/pgsql';
import { withStatementKeywords } from './statement-keywords';

/** How the editor's tokenizer colours a word: a keyword, an operator word (AND, JOIN), a built-in, or none. */
export type SqlWordClass = 'keyword' | 'operator' | 'predefined' | null;

/** The editor's own Monarch language (pgsql-register.ts registers the same): one keyword list for both. */
const pgsql = withStatementKeywords(language);
const upper = (words: readonly string[]) => new Set(words.map((w) => w.toUpperCase()));
const OPERATORS = upper(pgsql.operators);
const PREDEFINED = upper([...pgsql.builtinVariables, ...pgsql.builtinFunctions]);
const KEYWORDS = upper(pgsql.keywords);

/**
 * A word's class as Monaco's pgsql tokenizer gives it, in the grammar's order (operators, then
 * built-ins, then keywords; case-insensitive), so read-only SQL (SqlPreview) is highlighted as the
 * editor highlights it: `alter` → 'keyword', `and` → 'operator', `count` → 'predefined', `users` → null.
 */
export function sqlWordClass(word: string): SqlWordClass {
  const w = word.toUpperCase();
  if (OPERATORS.has(w)) return 'operator';
  if (PREDEFINED.has(w)) return 'predefined';
  if (KEYWORDS.has(w)) return 'keyword';
  return null;
}

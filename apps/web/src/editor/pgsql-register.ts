/**
 * The `pgsql` language, registered as Monaco's own register.ts does, with the statement keywords it
 * does not highlight added (statement-keywords.ts). The grammar (plain data, ~18 KB) is imported
 * statically: SqlPreview classes words by it too (sql-word-class.ts), so it is in the app's chunk.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import { conf, language } from 'monaco-editor/languages/definitions/pgsql/pgsql';
import { withStatementKeywords } from './statement-keywords';

monaco.languages.register({
  id: 'pgsql',
  extensions: [],
  aliases: ['PostgreSQL', 'postgres', 'pg', 'postgre'],
});
monaco.languages.setMonarchTokensProvider('pgsql', withStatementKeywords(language));
monaco.languages.setLanguageConfiguration('pgsql', conf);

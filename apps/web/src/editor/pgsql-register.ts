/**
 * The `pgsql` language, registered as Monaco's own register.ts does (grammar loaded on first use),
 * with the statement keywords it does not highlight added (statement-keywords.ts).
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import { withStatementKeywords } from './statement-keywords';

const grammar = () => import('monaco-editor/languages/definitions/pgsql/pgsql');

monaco.languages.register({
  id: 'pgsql',
  extensions: [],
  aliases: ['PostgreSQL', 'postgres', 'pg', 'postgre'],
});
monaco.languages.registerTokensProviderFactory('pgsql', {
  create: async () => withStatementKeywords((await grammar()).language),
});
monaco.languages.onLanguageEncountered('pgsql', async () => {
  monaco.languages.setLanguageConfiguration('pgsql', (await grammar()).conf);
});

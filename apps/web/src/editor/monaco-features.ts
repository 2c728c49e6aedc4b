/**
 * The Monaco features the workbench uses, imported one by one instead of the whole of
 * `monaco-editor` (every language, the TypeScript/CSS/HTML/JSON services and their workers).
 * A feature missing here silently does nothing: its keybinding or widget is simply absent.
 */
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/common/standaloneStrings';
// Highlighting of SQL (the tokenizer is loaded on first use), with DML and transaction keywords.
import './pgsql-register';
// Completion (the suggest widget) and the snippets it inserts.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/snippet/register';
// Error markers: hover on them, F8 to the next one.
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/gotoError/register';
// Editing.
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/caretOperations/register';
import 'monaco-editor/features/dnd/register';

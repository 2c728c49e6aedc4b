/**
 * Monaco, bundled: the editor API and the features in monaco-features.ts, the editor worker from
 * our own build; @monaco-editor/react is told to use this instance, so nothing is ever fetched
 * from a CDN.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import './monaco-features';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { loader } from '@monaco-editor/react';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

loader.config({ monaco });

monaco.editor.defineTheme('dynascope-light', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: '4338ca', fontStyle: 'bold' },
    { token: 'operator.sql', foreground: '4338ca' },
    { token: 'string', foreground: '047857' },
    { token: 'number', foreground: 'b45309' },
    { token: 'comment', foreground: '94a3b8', fontStyle: 'italic' },
    { token: 'predefined', foreground: '7c3aed' },
    { token: 'identifier.quote', foreground: '0f172a' },
  ],
  colors: {
    'editor.background': '#ffffff',
    'editor.lineHighlightBackground': '#f6f7fb',
    'editorLineNumber.foreground': '#c0c6d4',
    'editorLineNumber.activeForeground': '#64748b',
    'editorGutter.background': '#ffffff',
    'editor.selectionBackground': '#dfe3fb',
    'editorIndentGuide.background1': '#eef0f5',
  },
});

monaco.editor.defineTheme('dynascope-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'keyword', foreground: 'a5b4fc', fontStyle: 'bold' },
    { token: 'operator.sql', foreground: 'a5b4fc' },
    { token: 'string', foreground: '6ee7b7' },
    { token: 'number', foreground: 'fcd34d' },
    { token: 'comment', foreground: '64748b', fontStyle: 'italic' },
    { token: 'predefined', foreground: 'c4b5fd' },
  ],
  colors: {
    'editor.background': '#14161c',
    'editor.lineHighlightBackground': '#1b1e26',
    'editorLineNumber.foreground': '#3b4150',
    'editorLineNumber.activeForeground': '#8b93a7',
    'editorGutter.background': '#14161c',
    'editor.selectionBackground': '#33395a',
    'editorWidget.background': '#1b1e26',
  },
});

export { monaco };

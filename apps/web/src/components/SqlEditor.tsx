import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor';

export interface EditorCommands {
  runCurrent(): void;
  runAll(): void;
  explain(): void;
  /** Formats the selection or the whole text (Shift+Alt+F). */
  format(): void;
  /** Closes this tab (Alt+W: Monaco would take it for its find widget's "whole word"). */
  closeTab(): void;
  /** Light / dark (Alt+L: Monaco would take it for its find widget's "in selection"). */
  toggleTheme(): void;
}

interface SqlEditorProps {
  readonly tabId: string;
  /** The tab's text when the editor mounts; afterwards the editor owns it and reports changes. */
  readonly initialValue: string;
  readonly theme: 'light' | 'dark';
  readonly onChange: (sql: string) => void;
  readonly commands: EditorCommands;
  readonly onReady: (editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco) => void;
}

/**
 * Monaco wired to our commands; one model per editor tab (via `path`). Uncontrolled on purpose:
 * feeding every keystroke back as `value` races with typing and throws the cursor to the end.
 */
export function SqlEditor({ tabId, initialValue, theme, onChange, commands, onReady }: SqlEditorProps) {
  const commandsRef = useRef(commands);
  const onReadyRef = useRef(onReady);
  useLayoutEffect(() => {
    commandsRef.current = commands;
    onReadyRef.current = onReady;
  });
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);

  const onMount: OnMount = (editor, monaco) => {
    editorRef.current = editor;
    const { KeyMod, KeyCode } = monaco;
    const actions: [string, string, number, keyof EditorCommands][] = [
      [
        'dynascope.run',
        'Run statement under cursor / selection',
        KeyMod.CtrlCmd | KeyCode.Enter,
        'runCurrent',
      ],
      ['dynascope.runAll', 'Run all statements', KeyMod.Shift | KeyCode.Enter, 'runAll'],
      ['dynascope.explain', 'Explain (plan without reading items)', KeyMod.CtrlCmd | KeyCode.KeyE, 'explain'],
    ];
    actions.forEach(([id, label, key, command], i) =>
      editor.addAction({
        id,
        label,
        keybindings: [key],
        contextMenuGroupId: 'navigation',
        contextMenuOrder: i + 1,
        run: () => commandsRef.current[command](),
      }),
    );
    editor.addAction({
      id: 'dynascope.format',
      label: 'Format SQL (selection or all)',
      keybindings: [KeyMod.Shift | KeyMod.Alt | KeyCode.KeyF],
      contextMenuGroupId: '1_modification',
      run: () => commandsRef.current.format(),
    });
    editor.addAction({
      id: 'dynascope.closeTab',
      label: 'Close tab',
      keybindings: [KeyMod.Alt | KeyCode.KeyW],
      run: () => commandsRef.current.closeTab(),
    });
    editor.addAction({
      id: 'dynascope.toggleTheme',
      label: 'Toggle light / dark theme',
      keybindings: [KeyMod.Alt | KeyCode.KeyL],
      run: () => commandsRef.current.toggleTheme(),
    });
    editor.focus();
    onReadyRef.current(editor, monaco);
  };

  useEffect(() => {
    editorRef.current?.focus();
  }, [tabId]);

  return (
    <Editor
      path={`tab-${tabId}.sql`}
      defaultLanguage="pgsql"
      language="pgsql"
      defaultValue={initialValue}
      theme={theme === 'dark' ? 'dynascope-dark' : 'dynascope-light'}
      onChange={(v) => onChange(v ?? '')}
      onMount={onMount}
      loading={<div className="empty-state">Loading editor…</div>}
      options={{
        fontFamily: "'JetBrains Mono Variable', 'SF Mono', Menlo, Consolas, monospace",
        fontSize: 13,
        lineHeight: 21,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        renderLineHighlight: 'line',
        padding: { top: 10, bottom: 10 },
        automaticLayout: true,
        tabSize: 2,
        wordWrap: 'on',
        glyphMargin: false,
        folding: false,
        lineNumbersMinChars: 3,
        overviewRulerLanes: 0,
        hideCursorInOverviewRuler: true,
        scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
        suggest: { showWords: false, preview: true },
        quickSuggestions: { other: true, strings: true, comments: false },
        fixedOverflowWidgets: true,
      }}
    />
  );
}

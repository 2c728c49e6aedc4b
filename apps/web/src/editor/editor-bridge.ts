import type * as Monaco from 'monaco-editor';
import type { WireError } from '../api/wire';
import { errorRange } from '../sql/error-range';
import { runTarget, type RunTarget } from '../sql/run-target';
import { locateSecrets, REDACTED_LITERAL, type SentSecrets } from '../sql/redactions';

/**
 * The workbench's handle on the live Monaco editor: what to run, the highlight of the statement
 * about to run, and error markers. Re-attached whenever an editor tab mounts.
 */
export class EditorBridge {
  private editor: Monaco.editor.IStandaloneCodeEditor | null = null;
  private monaco: typeof Monaco | null = null;
  private highlight: Monaco.editor.IEditorDecorationsCollection | null = null;

  attach(editor: Monaco.editor.IStandaloneCodeEditor, monaco: typeof Monaco): void {
    this.editor = editor;
    this.monaco = monaco;
    this.highlight = null;
  }

  focus(): void {
    this.editor?.focus();
  }

  /** The selection, the statement under the cursor, or the whole script. */
  target(mode: 'current' | 'all'): RunTarget | null {
    const editor = this.editor;
    const model = editor?.getModel();
    if (!editor || !model) return null;
    const sel = editor.getSelection();
    const selection =
      sel && !sel.isEmpty()
        ? { start: model.getOffsetAt(sel.getStartPosition()), end: model.getOffsetAt(sel.getEndPosition()) }
        : null;
    const pos = editor.getPosition();
    return runTarget(model.getValue(), selection, pos ? model.getOffsetAt(pos) : 0, mode);
  }

  /** Marks the text about to run. */
  markRunning(start: number, end: number): void {
    const model = this.editor?.getModel();
    if (!this.editor || !this.monaco || !model) return;
    const s = model.getPositionAt(start);
    const e = model.getPositionAt(end);
    this.highlight?.clear();
    this.highlight = this.editor.createDecorationsCollection([
      {
        range: new this.monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column),
        options: { className: 'run-highlight', linesDecorationsClassName: 'run-gutter' },
      },
    ]);
  }

  clearRunning(): void {
    this.highlight?.clear();
  }

  /**
   * Shows a SQL error as a marker at its position in the submitted text (which began at `base`),
   * or clears markers. Transport failures (no SQLSTATE, no position) get none.
   */
  showError(error: WireError | null | undefined, submitted: string, base: number): void {
    const model = this.editor?.getModel();
    const monaco = this.monaco;
    if (!monaco || !model) return;
    if (
      !error ||
      (error.position === undefined && error.statementIndex === undefined && error.sqlstate === undefined)
    ) {
      monaco.editor.setModelMarkers(model, 'dynascope', []);
      return;
    }
    const { start, end } = errorRange(submitted, base, error);
    const s = model.getPositionAt(start);
    const e = model.getPositionAt(end);
    monaco.editor.setModelMarkers(model, 'dynascope', [
      {
        severity: monaco.MarkerSeverity.Error,
        message: `${error.message}${error.sqlstate ? ` (${error.sqlstate})` : ''}`,
        startLineNumber: s.lineNumber,
        startColumn: s.column,
        endLineNumber: e.lineNumber,
        endColumn: e.column,
      },
    ]);
    this.editor?.revealPositionInCenterIfOutsideViewport(s);
  }

  /**
   * Rewrites the selection, or the whole text when nothing is selected, with `rewrite` as one
   * undoable edit; returns what it rewrote, or null without an editor. `rewrite` may throw (nothing
   * is changed then).
   */
  rewrite(rewrite: (text: string) => string): 'selection' | 'all' | null {
    const editor = this.editor;
    const model = editor?.getModel();
    if (!editor || !model) return null;
    const sel = editor.getSelection();
    const range = sel && !sel.isEmpty() ? sel : model.getFullModelRange();
    const text = rewrite(model.getValueInRange(range));
    editor.pushUndoStop();
    editor.executeEdits('dynascope.format', [{ range, text, forceMoveMarkers: true }]);
    editor.pushUndoStop();
    return sel && !sel.isEmpty() ? 'selection' : 'all';
  }

  /**
   * Replaces the secrets of the SQL sent by `'********'` in the editor's text as one undoable
   * edit (the undo stack lives only as long as the page); returns how many it replaced.
   */
  redactSecrets(sent: SentSecrets): number {
    const editor = this.editor;
    const model = editor?.getModel();
    const monaco = this.monaco;
    if (!editor || !model || !monaco) return 0;
    const ranges = locateSecrets(model.getValue(), sent);
    if (!ranges.length) return 0;
    editor.pushUndoStop();
    editor.executeEdits(
      'dynascope.redact-secrets',
      ranges.map((r) => {
        const s = model.getPositionAt(r.start);
        const e = model.getPositionAt(r.end);
        return {
          range: new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column),
          text: REDACTED_LITERAL,
        };
      }),
    );
    editor.pushUndoStop();
    return ranges.length;
  }
}

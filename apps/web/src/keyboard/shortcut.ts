/** A workbench command bound to a key outside the editor's own bindings. */
export type Shortcut =
  | { readonly type: 'cancel' }
  | { readonly type: 'new-tab' }
  | { readonly type: 'close-tab' }
  | { readonly type: 'designer' }
  | { readonly type: 'theme' }
  | { readonly type: 'select-tab'; readonly index: number }
  | { readonly type: 'help' }
  | { readonly type: 'run'; readonly mode: 'current' | 'all' };

/** The part of a KeyboardEvent that decides. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

/** Where the key was pressed: in Monaco or a form field, only Alt shortcuts and Esc apply. */
export interface KeyContext {
  readonly running: boolean;
  readonly inEditor: boolean;
  readonly inField: boolean;
}

/**
 * The shortcut for a key press, if any, and whether the browser's default goes (Esc that cancels
 * a run leaves it, so dialogs and widgets still close).
 * `Alt+2` → `{ shortcut: { type: 'select-tab', index: 1 }, preventDefault: true }`.
 */
export function shortcutFor(
  e: KeyPress,
  at: KeyContext,
): { shortcut: Shortcut; preventDefault: boolean } | null {
  if (e.key === 'Escape' && at.running) return { shortcut: { type: 'cancel' }, preventDefault: false };
  const take = (shortcut: Shortcut) => ({ shortcut, preventDefault: true });
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    if (e.code === 'KeyT') return take({ type: 'new-tab' });
    if (e.code === 'KeyW') return take({ type: 'close-tab' });
    if (e.code === 'KeyD') return take({ type: 'designer' });
    if (e.code === 'KeyL') return take({ type: 'theme' });
    if (/^Digit[1-9]$/.test(e.code)) return take({ type: 'select-tab', index: Number(e.code.slice(5)) - 1 });
    return null;
  }
  if (at.inEditor || at.inField) return null;
  if (e.key === '?') return take({ type: 'help' });
  if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') return take({ type: 'run', mode: 'current' });
  if (e.shiftKey && e.key === 'Enter') return take({ type: 'run', mode: 'all' });
  return null;
}

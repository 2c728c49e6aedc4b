import { useEffect, useRef } from 'react';
import { shortcutFor, type Shortcut } from '../keyboard/shortcut';

/** Listens for the workbench's keys on the window (shortcut.ts decides which key does what). */
export function useShortcuts(running: () => boolean, onShortcut: (s: Shortcut) => void): void {
  const handlers = useRef({ running, onShortcut });
  useEffect(() => {
    handlers.current = { running, onShortcut };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      const found = shortcutFor(e, {
        running: handlers.current.running(),
        inEditor: !!target?.closest('.monaco-editor'),
        inField:
          target instanceof HTMLInputElement ||
          target instanceof HTMLTextAreaElement ||
          target instanceof HTMLSelectElement,
      });
      if (!found) return;
      handlers.current.onShortcut(found.shortcut);
      if (found.preventDefault) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

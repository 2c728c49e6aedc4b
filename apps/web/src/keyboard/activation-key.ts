import type { KeyPress } from './shortcut';

/**
 * Whether a key activates a focused item that is not a <button> (a list entry with role="button",
 * the WAI-ARIA button pattern): Enter or Space, without Ctrl, Cmd or Alt (Ctrl+Enter runs the
 * editor's statement; Shift is let through as a button lets it).
 *   isActivationKey({ key: 'Enter', ... }) → true;  isActivationKey({ key: 'Enter', ctrlKey: true, ... }) → false
 */
export function isActivationKey(e: Pick<KeyPress, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): boolean {
  return (e.key === 'Enter' || e.key === ' ') && !e.altKey && !e.ctrlKey && !e.metaKey;
}

import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyContext, type KeyPress } from './shortcut';

const key = (over: Partial<KeyPress>): KeyPress => ({
  key: '',
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...over,
});
const outside: KeyContext = { running: false, inEditor: false, inField: false };
const type = (e: Partial<KeyPress>, at: Partial<KeyContext> = {}) =>
  shortcutFor(key(e), { ...outside, ...at })?.shortcut ?? null;

describe('shortcutFor', () => {
  it('Esc cancels a running statement, anywhere, and leaves the default', () => {
    expect(shortcutFor(key({ key: 'Escape' }), { ...outside, running: true, inEditor: true })).toEqual({
      shortcut: { type: 'cancel' },
      preventDefault: false,
    });
    expect(type({ key: 'Escape' })).toBeNull();
  });

  it('Alt+T/W/D/L and Alt+1..9 work in the editor too', () => {
    const alt = (code: string) => type({ altKey: true, code }, { inEditor: true });
    expect(alt('KeyT')).toEqual({ type: 'new-tab' });
    expect(alt('KeyW')).toEqual({ type: 'close-tab' });
    expect(alt('KeyD')).toEqual({ type: 'designer' });
    expect(alt('KeyL')).toEqual({ type: 'theme' });
    expect(alt('Digit3')).toEqual({ type: 'select-tab', index: 2 });
    expect(alt('Digit0')).toBeNull();
    expect(alt('KeyX')).toBeNull();
    expect(type({ altKey: true, ctrlKey: true, code: 'KeyT' })).toBeNull();
  });

  it('?, Ctrl/Cmd+Enter and Shift+Enter only outside the editor and fields', () => {
    expect(type({ key: '?' })).toEqual({ type: 'help' });
    expect(type({ key: 'Enter', ctrlKey: true })).toEqual({ type: 'run', mode: 'current' });
    expect(type({ key: 'Enter', metaKey: true })).toEqual({ type: 'run', mode: 'current' });
    expect(type({ key: 'Enter', shiftKey: true })).toEqual({ type: 'run', mode: 'all' });
    expect(type({ key: '?' }, { inEditor: true })).toBeNull();
    expect(type({ key: 'Enter', ctrlKey: true }, { inField: true })).toBeNull();
    expect(type({ key: 'a' })).toBeNull();
  });
});

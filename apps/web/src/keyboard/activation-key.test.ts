import { describe, expect, it } from 'vitest';
import { isActivationKey } from './activation-key';

const press = (key: string, mods: { altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean } = {}) => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('isActivationKey', () => {
  it('Enter and Space activate a focused list entry; with Ctrl, Cmd or Alt they do not', () => {
    expect(isActivationKey(press('Enter'))).toBe(true);
    expect(isActivationKey(press(' '))).toBe(true);
    expect(isActivationKey(press('Enter', { ctrlKey: true }))).toBe(false);
    expect(isActivationKey(press('Enter', { metaKey: true }))).toBe(false);
    expect(isActivationKey(press(' ', { altKey: true }))).toBe(false);
    expect(isActivationKey(press('a'))).toBe(false);
    expect(isActivationKey(press('Tab'))).toBe(false);
  });
});

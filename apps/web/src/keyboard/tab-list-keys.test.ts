import { describe, expect, it } from 'vitest';
import { tabListTarget } from './tab-list-keys';

describe('tabListTarget', () => {
  it('moves with the arrows (wrapping), Home and End; other keys do nothing', () => {
    expect(tabListTarget('ArrowRight', 0, 3)).toBe(1);
    expect(tabListTarget('ArrowRight', 2, 3)).toBe(0);
    expect(tabListTarget('ArrowLeft', 0, 3)).toBe(2);
    expect(tabListTarget('Home', 2, 3)).toBe(0);
    expect(tabListTarget('End', 0, 3)).toBe(2);
    expect(tabListTarget('Enter', 0, 3)).toBeNull();
    expect(tabListTarget('ArrowRight', 0, 0)).toBeNull();
  });
});

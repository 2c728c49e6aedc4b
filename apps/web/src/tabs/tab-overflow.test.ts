import { describe, expect, it } from 'vitest';
import { hiddenTabs, scrollToReveal } from './tab-overflow';

const strip = { left: 50, right: 250 };

describe('tab overflow', () => {
  it('lists the tabs a scrolled strip cuts or hides', () => {
    const tabs = [
      { left: 0, right: 100 },
      { left: 100, right: 200 },
      { left: 200, right: 300 },
      { left: 300, right: 400 },
    ];
    expect(hiddenTabs(tabs, strip)).toEqual([true, false, true, true]);
    expect(hiddenTabs([{ left: 49.7, right: 250.3 }], strip)).toEqual([false]);
  });

  it('scrolls the least that shows the active tab whole', () => {
    expect(scrollToReveal({ left: 100, right: 200 }, strip)).toBe(0);
    expect(scrollToReveal({ left: 300, right: 400 }, strip)).toBe(150);
    expect(scrollToReveal({ left: 0, right: 100 }, strip)).toBe(-50);
    // Wider than the strip: its start is shown.
    expect(scrollToReveal({ left: 100, right: 600 }, strip)).toBe(50);
  });
});

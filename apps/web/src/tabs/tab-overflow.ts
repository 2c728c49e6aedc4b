/** A horizontal extent in pixels (an element's left and right edges). */
export interface Span {
  readonly left: number;
  readonly right: number;
}

/**
 * Which tabs of a scrolled strip are not wholly visible: those get listed as hidden in the overflow
 * menu. Tabs at 0–100, 100–200, 200–300 in a strip showing 50–250 → [true, false, true].
 */
export function hiddenTabs(tabs: readonly Span[], strip: Span): boolean[] {
  // Half a pixel of rounding is not hidden.
  return tabs.map((t) => t.left < strip.left - 0.5 || t.right > strip.right + 0.5);
}

/**
 * How far to scroll a strip so that `tab` is wholly in view (0: it is already), the least move:
 * a tab cut at the right scrolls left edge-to-edge, one cut at the left scrolls back to its start.
 */
export function scrollToReveal(tab: Span, strip: Span): number {
  if (tab.left < strip.left) return tab.left - strip.left;
  if (tab.right > strip.right) return Math.min(tab.right - strip.right, tab.left - strip.left);
  return 0;
}

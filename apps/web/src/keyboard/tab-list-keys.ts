/**
 * The tab a key moves to in a tab list (the WAI-ARIA tabs pattern), or null for any other key:
 * ArrowRight / ArrowLeft to the next / previous (wrapping), Home / End to the first / last.
 *   tabListTarget('ArrowRight', 2, 3) → 0
 */
export function tabListTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

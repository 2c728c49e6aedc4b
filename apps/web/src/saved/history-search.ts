import type { SavedQuery } from '@dynascope/contract';
import type { HistoryEntry } from '../state/workspace';

/** What the History panel shows for a search: the saved queries that match first, then past runs. */
export interface HistorySearch {
  readonly saved: readonly SavedQuery[];
  readonly history: readonly HistoryEntry[];
}

/** The search's words, lower case: `  Orders  BY ` → ['orders', 'by']. */
export function searchWords(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

const holdsAll = (text: string, words: readonly string[]) => {
  const t = text.toLowerCase();
  return words.every((w) => t.includes(w));
};

/**
 * How well a saved query answers the words (0: it does not hold them all): each word found in the
 * name counts 4, in the description 2, only in the SQL 1 — the same matches as the API's
 * `GET /api/saved-queries?q=` (every word somewhere in name, description or SQL, any case).
 */
export function savedQueryScore(q: SavedQuery, words: readonly string[]): number {
  if (!holdsAll(`${q.name} ${q.description} ${q.sql}`, words)) return 0;
  const name = q.name.toLowerCase();
  const description = q.description.toLowerCase();
  return words.reduce((a, w) => a + (name.includes(w) ? 4 : description.includes(w) ? 2 : 1), 0);
}

/**
 * One search over History and the saved queries: saved queries whose name, description or SQL hold
 * every word, best first (name matches before description before SQL, then by name), and history
 * entries whose SQL holds every word, newest first as kept. No words: no saved query (the Saved tab
 * lists them), the whole history.
 *   'orders customer' → saved 'orders of a customer' (name) before 'recent' (its SQL reads orders
 *   where customer_id = $1), then runs of `select ... from orders where customer_id = ...`
 */
export function searchHistory(
  search: string,
  history: readonly HistoryEntry[],
  saved: readonly SavedQuery[],
): HistorySearch {
  const words = searchWords(search);
  if (!words.length) return { saved: [], history };
  const ranked = saved
    .map((q) => ({ q, score: savedQueryScore(q, words) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.q.name < b.q.name ? -1 : a.q.name > b.q.name ? 1 : 0));
  return { saved: ranked.map((x) => x.q), history: history.filter((h) => holdsAll(h.sql, words)) };
}

/** Where RESULTS.md's hand-written notes begin and end: the lines between are kept by every run. */
export const NOTES_BEGIN =
  '<!-- notes: kept by each run of src/run.ts (write the conditions, readings, other benches here) -->';
export const NOTES_END = '<!-- /notes -->';

/**
 * The notes region of RESULTS.md's previous text, markers included, to be written again after the new
 * run's header; an empty region when the file has none (or none closed), for the next notes to go in.
 *   '# Benchmark results\n...\n<!-- notes: ... -->\nA quiet machine.\n<!-- /notes -->\n| backend |...'
 *     → ['<!-- notes: ... -->', 'A quiet machine.', '<!-- /notes -->']
 */
export function keptNotes(previous: string | null): string[] {
  const lines = previous?.split('\n') ?? [];
  const begin = lines.findIndex((l) => l.startsWith('<!-- notes'));
  const end = begin < 0 ? -1 : lines.indexOf(NOTES_END, begin + 1);
  return end < 0 ? [NOTES_BEGIN, NOTES_END] : lines.slice(begin, end + 1);
}

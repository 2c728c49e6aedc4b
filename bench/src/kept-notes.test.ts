import { describe, expect, it } from 'vitest';
import { keptNotes, NOTES_BEGIN, NOTES_END } from './kept-notes';

describe("RESULTS.md's hand-written notes", () => {
  it('are kept from the previous file, markers included', () => {
    const previous = [
      '# Benchmark results',
      '',
      'Run 2026-12-06T00:00:00.000Z ...',
      NOTES_BEGIN,
      '**Conditions.** A quiet machine.',
      '',
      '| items | statement |',
      NOTES_END,
      '| backend | shape |',
    ].join('\n');
    expect(keptNotes(previous)).toEqual([
      NOTES_BEGIN,
      '**Conditions.** A quiet machine.',
      '',
      '| items | statement |',
      NOTES_END,
    ]);
  });

  it('start as an empty region when there is no file, no region or one never closed', () => {
    const empty = [NOTES_BEGIN, NOTES_END];
    expect(keptNotes(null)).toEqual(empty);
    expect(keptNotes('# Benchmark results\n\n| backend |')).toEqual(empty);
    expect(keptNotes(`# Benchmark results\n${NOTES_BEGIN}\nlost`)).toEqual(empty);
  });
});

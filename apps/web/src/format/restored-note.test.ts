import { describe, expect, it } from 'vitest';
import { droppedRowsNote, restoredNote } from './restored-note';

describe('restoredNote', () => {
  it('gives the time for a result of today and the date otherwise', () => {
    const now = new Date(2025, 2, 14, 18, 30).getTime();
    expect(restoredNote(new Date(2025, 2, 14, 9, 5).getTime(), now)).toBe(
      'restored from 09:05 — run again to refresh',
    );
    expect(restoredNote(new Date(2025, 2, 13, 23, 59).getTime(), now)).toBe(
      'restored from 2025-03-13 23:59 — run again to refresh',
    );
  });
});

describe('droppedRowsNote', () => {
  it('names the size against the cap, or the lack of room', () => {
    expect(droppedRowsNote({ reason: 'too-large', size: 2.5 * 1024 * 1024 })).toBe(
      'The result (2.5 MB of JSON) is over the 2 MB kept per tab. Run again to see it.',
    );
    expect(droppedRowsNote({ reason: 'no-room', size: 10 })).toBe(
      "The browser's storage was needed for newer results. Run again to see it.",
    );
  });
});

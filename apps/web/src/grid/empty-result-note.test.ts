import { describe, expect, it } from 'vitest';
import { emptyResultNote } from './empty-result-note';

describe('emptyResultNote', () => {
  it('says the statement returned no rows, or that more pages may hold some', () => {
    expect(emptyResultNote('none')).toBe('No rows: the statement returned none.');
    expect(emptyResultNote('next-page')).toBe('No rows in the pages read so far: Load next page reads on.');
    expect(emptyResultNote('run-again')).toBe(
      'No rows in the first page kept: run the statement again to read on.',
    );
  });
});

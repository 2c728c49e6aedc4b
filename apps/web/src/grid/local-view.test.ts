import { describe, expect, it } from 'vitest';
import { localViewSummary } from './local-view';

describe('localViewSummary', () => {
  it('says nothing while the grid shows the rows as loaded', () => {
    expect(
      localViewSummary({ shown: 500, loaded: 500, sorted: false, filtered: false, more: 'next-page' }),
    ).toBeNull();
  });

  it('counts the rows shown of those loaded and says where more rows come from', () => {
    expect(
      localViewSummary({ shown: 12, loaded: 500, sorted: true, filtered: true, more: 'next-page' }),
    ).toBe('showing 12 of 500 loaded rows (sorted/filtered locally; Next page loads more from DynamoDB)');
    expect(localViewSummary({ shown: 1200, loaded: 1200, sorted: true, filtered: false, more: 'none' })).toBe(
      'showing 1,200 of 1,200 loaded rows (sorted locally)',
    );
    expect(localViewSummary({ shown: 0, loaded: 1, sorted: false, filtered: true, more: 'run-again' })).toBe(
      'showing 0 of 1 loaded row (filtered locally; only the first page was kept — run again for more)',
    );
  });
});

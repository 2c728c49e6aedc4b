import { describe, expect, it } from 'vitest';
import { distinctAlternatives } from './alternatives';

describe('distinctAlternatives', () => {
  it("a join's re-plan lists the Scan once, and not the path it took", () => {
    expect(
      distinctAlternatives({ operation: 'Query', index: null }, [
        { operation: 'Scan', index: null, estimatedRcu: 146 },
        { operation: 'Scan', index: null, estimatedRcu: 146 },
        { operation: 'Query', index: null, estimatedRcu: 3 },
      ]),
    ).toEqual([{ operation: 'Scan', index: null, estimatedRcu: 146 }]);
  });

  it('keeps each index apart, a path priced twice at its lower price', () => {
    expect(
      distinctAlternatives({ operation: 'Scan', index: null }, [
        { operation: 'Query', index: 'by_status', estimatedRcu: 9 },
        { operation: 'Query', index: 'by_kind', estimatedRcu: 5 },
        { operation: 'Query', index: 'by_status', estimatedRcu: 4 },
      ]),
    ).toEqual([
      { operation: 'Query', index: 'by_status', estimatedRcu: 4 },
      { operation: 'Query', index: 'by_kind', estimatedRcu: 5 },
    ]);
  });
});

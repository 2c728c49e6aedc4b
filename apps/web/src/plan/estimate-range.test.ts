import { describe, expect, it } from 'vitest';
import { formatRcu } from '../format/format-cell';
import { scanEstimate } from './estimate-range';

describe('scanEstimate', () => {
  it('shows the range a join-restricted read can end in', () => {
    expect(
      scanEstimate(
        { estimatedRcu: 0.5, estimatedRcuRange: { min: 0, max: 146 }, estimateNote: 'n' },
        formatRcu,
      ),
    ).toEqual({ text: '~0.5', range: '0–146', title: 'Between 0 and 146 RCU as the run decides: n' });
  });
  it('shows the figure alone otherwise, and nothing for an unknown estimate', () => {
    expect(scanEstimate({ estimatedRcu: 3, estimateNote: 'n' }, formatRcu)).toEqual({
      text: '~3',
      range: null,
      title: 'n',
    });
    expect(scanEstimate({ estimatedRcu: null, estimateNote: 'n' }, formatRcu).text).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { explainLines } from './explain-text';

describe('explainLines: the Execution line', () => {
  const last = (plan: Parameters<typeof explainLines>[0]) =>
    explainLines(plan, { analyzed: false, verbose: false }).at(-1);

  it('says reading stops at LIMIT only for a statement with a LIMIT', () => {
    expect(last({ shape: 'stream-through-host', limit: 3, scans: [] })).toBe(
      'Execution: stream-through-host (each page goes through the host; reading stops when LIMIT is met)',
    );
    expect(last({ shape: 'stream-through-host', scans: [] })).toBe(
      'Execution: stream-through-host (each page goes through the host)',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { sampleLine } from './sample-line';

describe('sampleLine', () => {
  it('names the items sampled and the RCU they cost', () => {
    expect(sampleLine({ sampleSize: 100, consumedRcu: 2.5 })).toBe('sampled 100 items · 2.5 RCU');
    expect(sampleLine({ sampleSize: 1000, consumedRcu: 127.5 })).toBe('sampled 1,000 items · 128 RCU');
    expect(sampleLine({ sampleSize: 1, consumedRcu: 0.5 })).toBe('sampled 1 item · 0.5 RCU');
    expect(sampleLine({ sampleSize: 0, consumedRcu: 0 })).toBe('sampled 0 items · 0 RCU');
  });
  it('leaves the RCU out when the server does not report it', () => {
    expect(sampleLine({ sampleSize: 20 })).toBe('sampled 20 items');
  });
});

import { describe, expect, it } from 'vitest';
import { scanFiguresScope } from './scan-figures';

describe('scanFiguresScope: what a scan card’s actual figures cover', () => {
  it('the whole read, the read so far, or the first page once later pages are loaded', () => {
    expect(scanFiguresScope(false, undefined)).toBe('actual');
    expect(scanFiguresScope(true, undefined)).toBe('so far');
    expect(scanFiguresScope(true, { count: 2, consumedRcu: 11, more: true })).toBe('first page');
    expect(scanFiguresScope(true, { count: 3, consumedRcu: 16.5, more: false })).toBe('first page');
  });
});

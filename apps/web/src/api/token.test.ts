import { describe, expect, it } from 'vitest';
import { takeTokenFromUrl } from './token';

describe('takeTokenFromUrl', () => {
  it('removes the token and keeps the rest', () => {
    expect(takeTokenFromUrl('http://127.0.0.1:5480/?token=abc&x=1#h')).toEqual({
      token: 'abc',
      cleanPath: '/?x=1#h',
    });
    expect(takeTokenFromUrl('http://127.0.0.1:5480/')).toEqual({ token: null, cleanPath: '/' });
  });
});

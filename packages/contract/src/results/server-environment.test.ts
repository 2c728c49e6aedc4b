import { describe, expect, it } from 'vitest';
import { isProductionEnvironment } from './server-environment';

describe('isProductionEnvironment', () => {
  it.each([
    ['production', true],
    ['PROD', true],
    ['Production', true],
    ['staging', false],
    ['production-eu', false],
    ['', false],
    [undefined, false],
    [null, false],
  ])('%s → %s', (environment, production) => {
    expect(isProductionEnvironment(environment)).toBe(production);
  });
});

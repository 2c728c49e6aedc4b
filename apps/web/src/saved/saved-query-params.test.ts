import { describe, expect, it } from 'vitest';
import { parameterNumbers } from './saved-query-params';

describe('parameterNumbers', () => {
  it('counts up to the highest $n used outside strings, quoted names and comments', () => {
    expect(parameterNumbers(`select $2, '$3', "$5" -- $4\n /* $6 */ from t`)).toEqual([1, 2]);
    expect(parameterNumbers('select 1')).toEqual([]);
  });
});

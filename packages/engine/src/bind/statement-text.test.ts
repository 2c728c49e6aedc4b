import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../parse/parse';
import { executeArguments } from './statement-text';

describe('executeArguments', () => {
  beforeAll(loadParser);

  it('cuts the argument list at its own commas, a call’s parentheses kept (`now()` is located at its name)', () => {
    const text = "execute q(now(), f(1, 2), array[1, 2], 'a,b' ) ";
    expect(executeArguments(text).map((a) => text.slice(a.start, a.end))).toEqual([
      'now()',
      'f(1, 2)',
      'array[1, 2]',
      "'a,b'",
    ]);
    expect(executeArguments('execute q')).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { as } from './ast';
import { defBoolean } from './def-boolean';
import { loadParser, parseOne } from './parse';

/** The DefElem of `explain (<option>) select 1`, as the parser gives it. */
function option(text: string) {
  const explain = as(parseOne(`explain (${text}) select 1`), 'ExplainStmt')!;
  return as(explain.options![0], 'DefElem')!;
}

describe('defBoolean', () => {
  beforeAll(() => loadParser());

  it("reads an option as Postgres's defGetBoolean does", () => {
    const cases: [string, boolean][] = [
      ['analyze', true],
      ['analyze true', true],
      ['analyze ON', true],
      ['analyze 1', true],
      ["analyze 'on'", true],
      ['analyze false', false],
      ['analyze Off', false],
      ['analyze 0', false],
    ];
    for (const [text, value] of cases) expect(defBoolean(option(text)), text).toBe(value);
  });

  it('refuses anything else with 42601', () => {
    for (const text of ['analyze maybe', 'analyze 2', 'analyze 0.5', 'analyze yes']) {
      expect(() => defBoolean(option(text)), text).toThrow(
        expect.objectContaining({ sqlstate: '42601', message: 'analyze requires a Boolean value' }),
      );
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from './parse';
import { statementCount } from './statement-count';

describe('statementCount', () => {
  beforeAll(() => loadParser());

  it('counts the statements of a string', () => {
    expect(statementCount('select 1; select 2')).toBe(2);
    expect(statementCount("select ';'; -- ;\n")).toBe(1);
    expect(statementCount('  ')).toBe(0);
    expect(statementCount('select 1; selec 2')).toBe(2);
  });
});

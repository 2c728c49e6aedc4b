import { describe, expect, it } from 'vitest';
import { mayChangeSearchPath, parseSchemaArray } from './search-path';

describe('parseSchemaArray', () => {
  it("reads Postgres's name[] output", () => {
    expect(parseSchemaArray('{public}')).toEqual(['public']);
    expect(parseSchemaArray('{dynamodb,public}')).toEqual(['dynamodb', 'public']);
    expect(parseSchemaArray('{"Odd, Schema",public,"a \\"q\\""}')).toEqual([
      'Odd, Schema',
      'public',
      'a "q"',
    ]);
    expect(parseSchemaArray('{}')).toEqual([]);
  });
  it('refuses what is not an array', () => {
    expect(parseSchemaArray('public')).toBeNull();
    expect(parseSchemaArray(null)).toBeNull();
    expect(parseSchemaArray('{"open}')).toBeNull();
  });
});

describe('mayChangeSearchPath', () => {
  it('is true for SET, RESET and the end of a transaction block', () => {
    expect(['SET', 'RESET', 'ROLLBACK', 'COMMIT', 'DISCARD'].every(mayChangeSearchPath)).toBe(true);
    expect(['SELECT', 'INSERT', 'SHOW'].some(mayChangeSearchPath)).toBe(false);
  });
});

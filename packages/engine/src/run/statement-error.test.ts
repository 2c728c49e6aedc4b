import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { scriptPosition, statementError } from './statement-error';

describe('statementError', () => {
  const truncate = { text: 'truncate /* 😀 */ dynamodb.users', charsBefore: 0 };

  // The engine's positions are string indices (the AST's locations): the emoji's two code units
  // are one character, as Postgres counts (`truncate /* 😀 */ ,x` → 42601 at 18 in PostgreSQL 15).
  it("counts the statement's characters before the position, and the script's before the statement", () => {
    const error = () => new EngineError('0A000', 'cannot truncate foreign table "users"', { position: 19 });
    expect(statementError(error(), 0, truncate).position).toBe(18);
    expect(statementError(error(), 1, { ...truncate, charsBefore: 12 }).position).toBe(30);
  });

  it('leaves a position out without a statement', () => {
    const error = new EngineError('23505', 'duplicate key', { position: 3 });
    expect(statementError(error, 2)).toEqual({
      sqlstate: '23505',
      message: 'duplicate key',
      statementIndex: 2,
    });
  });

  it('a position past the text counts one a unit', () => {
    expect(scriptPosition(5, { text: '😀', charsBefore: 1 })).toBe(5);
  });
});

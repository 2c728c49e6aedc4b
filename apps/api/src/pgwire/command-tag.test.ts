import { describe, expect, it } from 'vitest';
import { commandTag } from './command-tag';

describe('commandTag', () => {
  it('writes the tags Postgres writes', () => {
    expect(commandTag('INSERT', 3, 0, false)).toBe('INSERT 0 3');
    expect(commandTag('INSERT', 2, 2, true)).toBe('INSERT 0 2');
    expect(commandTag('UPDATE', 5, 0, false)).toBe('UPDATE 5');
    expect(commandTag('SELECT', 500, 1234, true)).toBe('SELECT 1234');
    expect(commandTag('SELECT', 7, 0, false)).toBe('SELECT 7'); // CREATE TABLE AS
    expect(commandTag('BEGIN', 0, 0, false)).toBe('BEGIN');
    expect(commandTag('SHOW', 1, 1, true)).toBe('SHOW');
  });
});

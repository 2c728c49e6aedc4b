import { describe, expect, it } from 'vitest';
import { atStringIndex } from './host-error-position';

const hostError = (position: string | undefined) =>
  Object.assign(new Error('column "nosuch" does not exist'), { code: '42703', severity: 'ERROR', position });

describe('atStringIndex', () => {
  it("turns Postgres's character position into a string index of the text sent", () => {
    // PostgreSQL 15 reports 13 for `select '😀', nosuch`: the emoji is one character, two code units.
    expect(atStringIndex(hostError('13'), "select '😀', nosuch")).toMatchObject({ position: '14' });
    expect(atStringIndex(hostError('13'), "select 'é', nosuch")).toMatchObject({ position: '13' });
  });

  it('leaves an error without a position, and any other error, as it is', () => {
    expect(atStringIndex(hostError(undefined), '😀')).toMatchObject({ position: undefined });
    const other = new Error('gone');
    expect(atStringIndex(other, '😀')).toBe(other);
  });
});

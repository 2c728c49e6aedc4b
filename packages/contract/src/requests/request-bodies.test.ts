import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { cancelRequest, closeRequest, MAX_PAGE_SIZE, nextRequest, sqlRequest } from './request-bodies';

const messageOf = (schema: z.ZodType, value: unknown): string | undefined =>
  schema.safeParse(value).error?.issues[0]?.message;

describe('request bodies', () => {
  it('accepts the contract fields and drops unknown ones', () => {
    expect(sqlRequest.parse({ sql: 'select 1', pageSize: 10, requestId: 'r1', extra: true })).toStrictEqual({
      sql: 'select 1',
      pageSize: 10,
      requestId: 'r1',
    });
    expect(sqlRequest.parse({ sql: 'select 1' })).toStrictEqual({ sql: 'select 1' });
    expect(sqlRequest.parse({ sql: 'select 1', pageSize: null, requestId: null })).toStrictEqual({
      sql: 'select 1',
    });
    expect(nextRequest.parse({ cursor: 'c1' })).toStrictEqual({ cursor: 'c1' });
    expect(closeRequest.parse({ cursor: 'c1', pageSize: 5 })).toStrictEqual({ cursor: 'c1' });
    expect(cancelRequest.parse({ requestId: 'r1' })).toStrictEqual({ requestId: 'r1' });
  });

  it('says which field is wrong', () => {
    expect(messageOf(sqlRequest, [])).toBe('Request body must be a JSON object');
    expect(messageOf(sqlRequest, null)).toBe('Request body must be a JSON object');
    expect(messageOf(sqlRequest, 'select 1')).toBe('Request body must be a JSON object');
    expect(messageOf(sqlRequest, {})).toBe('"sql" must be a non-empty string');
    expect(messageOf(sqlRequest, { sql: 42 })).toBe('"sql" must be a non-empty string');
    expect(messageOf(sqlRequest, { sql: '' })).toBe('"sql" must be a non-empty string');
    const pageSize = `"pageSize" must be an integer from 1 to ${MAX_PAGE_SIZE}`;
    expect(messageOf(sqlRequest, { sql: 'x', pageSize: 0 })).toBe(pageSize);
    expect(messageOf(sqlRequest, { sql: 'x', pageSize: MAX_PAGE_SIZE + 1 })).toBe(pageSize);
    expect(messageOf(sqlRequest, { sql: 'x', pageSize: 1.5 })).toBe(pageSize);
    expect(messageOf(sqlRequest, { sql: 'x', pageSize: '10' })).toBe(pageSize);
    expect(messageOf(sqlRequest, { sql: 'x', requestId: 7 })).toBe(
      '"requestId" must be a string of 1 to 200 characters',
    );
    expect(messageOf(sqlRequest, { sql: 'x', requestId: 'r'.repeat(201) })).toMatch(/"requestId"/);
    expect(messageOf(nextRequest, { cursor: '' })).toBe('"cursor" must be a non-empty string');
    expect(messageOf(cancelRequest, {})).toBe('"requestId" must be a non-empty string');
  });
});

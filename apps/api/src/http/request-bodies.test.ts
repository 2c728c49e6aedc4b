import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { MAX_PAGE_SIZE, parseCancelBody, parseNextBody, parseSqlBody } from './request-bodies';

const rejects = (parse: () => unknown, message: RegExp) => {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).message).toMatch(message);
    return;
  }
  throw new Error('expected a 400 ApiError');
};

describe('request bodies', () => {
  it('accepts the contract fields and drops unknown ones', () => {
    expect(parseSqlBody({ sql: 'select 1', pageSize: 10, requestId: 'r1', extra: true })).toEqual({
      sql: 'select 1',
      pageSize: 10,
      requestId: 'r1',
    });
    expect(parseSqlBody({ sql: 'select 1' })).toEqual({ sql: 'select 1' });
    expect(parseNextBody({ cursor: 'c1' })).toEqual({ cursor: 'c1' });
    expect(parseCancelBody({ requestId: 'r1' })).toEqual({ requestId: 'r1' });
  });

  it('says which field is wrong', () => {
    rejects(() => parseSqlBody([]), /JSON object/);
    rejects(() => parseSqlBody(null), /JSON object/);
    rejects(() => parseSqlBody({}), /"sql"/);
    rejects(() => parseSqlBody({ sql: 42 }), /"sql"/);
    rejects(() => parseSqlBody({ sql: 'x', pageSize: 0 }), /"pageSize"/);
    rejects(() => parseSqlBody({ sql: 'x', pageSize: MAX_PAGE_SIZE + 1 }), /"pageSize"/);
    rejects(() => parseSqlBody({ sql: 'x', pageSize: 1.5 }), /"pageSize"/);
    rejects(() => parseSqlBody({ sql: 'x', requestId: 7 }), /"requestId"/);
    rejects(() => parseNextBody({ cursor: '' }), /"cursor"/);
    rejects(() => parseCancelBody({}), /"requestId"/);
  });
});

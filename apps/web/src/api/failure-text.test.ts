import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { failureLine, failureText } from './failure-text';

describe('failureText', () => {
  it("keeps the server's message and hint", () => {
    const e = new ApiError('connect ECONNREFUSED 127.0.0.1:1 (ListTables)', 400, 'retry the statement later');
    expect(failureText(e)).toEqual({
      message: 'connect ECONNREFUSED 127.0.0.1:1 (ListTables)',
      hint: 'retry the statement later',
    });
    expect(failureLine(e)).toBe('connect ECONNREFUSED 127.0.0.1:1 (ListTables) — retry the statement later');
  });

  it('says how to sign in after a 401 and that the server did not answer after a network failure', () => {
    expect(failureText(new ApiError('unauthorized', 401))).toEqual({
      message: 'Not signed in',
      hint: 'Open the URL printed by the server.',
    });
    expect(failureLine(new TypeError('Failed to fetch'))).toBe(
      'The Dynascope server did not answer (Failed to fetch)',
    );
    expect(failureLine('odd')).toBe('odd');
  });
});

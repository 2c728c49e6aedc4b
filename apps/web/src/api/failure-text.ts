import { ApiError } from './client';

/** An API failure as the screen shows it: the server's message and, when it gave one, its hint. */
export interface FailureText {
  readonly message: string;
  readonly hint: string | null;
}

/**
 * What to show for a rejected API call, whatever it threw: `ApiError('connect ECONNREFUSED …', 400,
 * 'retry later …')` → `{ message: 'connect ECONNREFUSED …', hint: 'retry later …' }`; a 401 says how
 * to sign in; a network failure says the server is unreachable.
 */
export function failureText(e: unknown): FailureText {
  if (e instanceof ApiError) {
    if (e.status === 401) return { message: 'Not signed in', hint: 'Open the URL printed by the server.' };
    return { message: e.message, hint: e.hint };
  }
  const message = e instanceof Error ? e.message : String(e);
  // fetch() rejects with a TypeError when the server cannot be reached at all.
  if (e instanceof TypeError)
    return { message: `The Dynascope server did not answer (${message})`, hint: null };
  return { message, hint: null };
}

/** One line: `message — hint`. */
export function failureLine(e: unknown): string {
  const { message, hint } = failureText(e);
  return hint ? `${message} — ${hint}` : message;
}

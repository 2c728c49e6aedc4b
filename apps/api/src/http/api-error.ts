import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The body of every error response: `{ error: { message, sqlstate?, position? } }`. */
export interface ErrorBody {
  readonly error: {
    readonly message: string;
    readonly sqlstate?: string;
    readonly position?: number;
    readonly statementIndex?: number;
    readonly detail?: string;
    readonly hint?: string;
  };
}

/** The one error type routes and middleware throw; `onError` turns it into an ErrorBody. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly sqlstate?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

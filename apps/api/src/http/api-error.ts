import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error type routes and middleware throw; `onError` turns it into an `ErrorBody`. */
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

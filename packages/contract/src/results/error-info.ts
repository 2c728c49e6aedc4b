/** A failure as every error answer carries it: a script's `error`, or the whole body's. */
export interface ErrorInfo {
  readonly message: string;
  /** SQLSTATE, e.g. `42601` (syntax error), `57014` (cancelled). */
  readonly sqlstate?: string;
  /** 1-based character position in the submitted SQL text, when known. */
  readonly position?: number;
  readonly statementIndex?: number;
  readonly detail?: string;
  readonly hint?: string;
  /** Postgres's CONTEXT: where in the input it failed (`COPY t, line 1501, column n: "abc"`). */
  readonly context?: string;
  /** A cancelled statement's (57014), or one that failed after reading: the RCU it had consumed when it stopped. */
  readonly consumedRcu?: number;
}

/** A failed statement's error (the engine's): it always has its SQLSTATE. */
export interface SqlError extends ErrorInfo {
  readonly sqlstate: string;
}

/** The body of every non-2xx answer but a failed script's (401, 404, 413, a malformed request ...). */
export interface ErrorBody {
  readonly error: ErrorInfo;
}

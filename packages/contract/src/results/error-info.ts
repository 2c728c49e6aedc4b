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
  /** Postgres's other fields of the error, where it has them (ErrorDiagnostics). */
  readonly diagnostics?: ErrorDiagnostics;
}

/**
 * The fields of a Postgres error besides its text (ErrorResponse's s, t, c, d, n, F, L, R): the
 * objects it names and where Postgres raised it, as the host reported them — or as Postgres reports
 * an error the engine raises in its place (`cached plan must not change result type`: routine
 * `RevalidateCachedQuery`, which pgjdbc prepares the statement again on; no file or line).
 *   insert into t values (null) → { schema: 'public', table: 't', column: 'a', routine: 'ExecConstraints', file: 'execMain.c', line: '1883' }
 */
export interface ErrorDiagnostics {
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly dataType?: string;
  readonly constraint?: string;
  readonly file?: string;
  readonly line?: string;
  readonly routine?: string;
}

/** A failed statement's error (the engine's): it always has its SQLSTATE. */
export interface SqlError extends ErrorInfo {
  readonly sqlstate: string;
}

/** The body of every non-2xx answer but a failed script's (401, 404, 413, a malformed request ...). */
export interface ErrorBody {
  readonly error: ErrorInfo;
}

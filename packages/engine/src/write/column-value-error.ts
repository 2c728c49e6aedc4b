import { EngineError } from '../errors';

/**
 * An error about one column's value as its item is built: the same error, with the column and
 * whether its value was NULL, so that a COPY can name them as Postgres's CONTEXT does
 * (`COPY t, line 3, column n: "abc"`, `column id: null input`).
 */
export class ColumnValueError extends EngineError {
  constructor(
    error: EngineError,
    readonly column: string,
    readonly isNull: boolean,
  ) {
    super(error.sqlstate, error.message, {
      ...(error.detail !== undefined && { detail: error.detail }),
      ...(error.hint !== undefined && { hint: error.hint }),
      ...(error.context !== undefined && { context: error.context }),
      cause: error,
    });
  }
}

/** `fn()`, an EngineError it throws tagged with the column (named `column`, holding `value`) it was about. */
export function inColumn<T>(column: string, value: unknown, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof EngineError) || e instanceof ColumnValueError) throw e;
    throw new ColumnValueError(e, column, value === null || value === undefined);
  }
}

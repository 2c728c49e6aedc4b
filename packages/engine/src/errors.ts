import type { EngineErrorInfo, ErrorDiagnostics } from './types';

/** Every error the engine raises: a Postgres SQLSTATE, a message a user can act on, and a position. */
export class EngineError extends Error {
  readonly sqlstate: string;
  /** 1-based character position in the statement or script, when known. */
  position: number | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  /** Where it happened, as Postgres's CONTEXT line says it (`COPY t, line 3, column n: "abc"`). */
  readonly context: string | undefined;
  /** Postgres's other fields of it: the objects it names, the routine that raised it (a host error's). */
  readonly diagnostics: ErrorDiagnostics | undefined;

  constructor(
    sqlstate: string,
    message: string,
    extra: {
      position?: number;
      detail?: string;
      hint?: string;
      context?: string;
      diagnostics?: ErrorDiagnostics;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'EngineError';
    this.sqlstate = sqlstate;
    this.position = extra.position;
    this.detail = extra.detail;
    this.hint = extra.hint;
    this.context = extra.context;
    this.diagnostics = extra.diagnostics;
  }

  toInfo(statementIndex?: number): EngineErrorInfo {
    return {
      message: this.message,
      sqlstate: this.sqlstate,
      ...(this.position !== undefined && { position: this.position }),
      ...(statementIndex !== undefined && { statementIndex }),
      ...(this.detail !== undefined && { detail: this.detail }),
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.context !== undefined && { context: this.context }),
      ...(this.diagnostics !== undefined && { diagnostics: this.diagnostics }),
    };
  }
}

/** SQLSTATEs the engine raises itself (Postgres's names). */
export const SqlState = {
  syntaxError: '42601',
  undefinedTable: '42P01',
  undefinedParameter: '42P02',
  undefinedColumn: '42703',
  undefinedObject: '42704',
  invalidSchemaName: '3F000',
  datatypeMismatch: '42804',
  duplicateColumn: '42701',
  invalidColumnReference: '42P10',
  wrongObjectType: '42809',
  invalidTextRepresentation: '22P02',
  numericOutOfRange: '22003',
  datetimeFieldOverflow: '22008',
  featureNotSupported: '0A000',
  fdwError: 'HV000',
  fdwInvalidOptionName: 'HV00D',
  fdwOptionNameNotFound: 'HV00J',
  fdwUnableToEstablishConnection: 'HV00N',
  fdwTableNotFound: 'HV00R',
  queryCanceled: '57014',
  invalidCursorName: '34000',
  insufficientPrivilege: '42501',
  invalidParameterValue: '22023',
  internalError: 'XX000',
  objectNotInPrerequisiteState: '55000',
  programLimitExceeded: '54000',
  cardinalityViolation: '21000',
  uniqueViolation: '23505',
  inFailedSqlTransaction: '25P02',
} as const;

/**
 * Postgres's 25P02 for a statement in a transaction block a statement failed in (only COMMIT, ROLLBACK
 * and ROLLBACK TO SAVEPOINT run there).
 */
export function abortedBlockError(): EngineError {
  return new EngineError(
    SqlState.inFailedSqlTransaction,
    'current transaction is aborted, commands ignored until end of transaction block',
    {
      hint: 'ROLLBACK (or ROLLBACK TO SAVEPOINT); the foreign writes held in the block will not be written',
    },
  );
}

/** The error a cancelled statement raises, whatever was running when the signal fired. */
export function cancelledError(): EngineError {
  return new EngineError(SqlState.queryCanceled, 'canceling statement due to user request');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

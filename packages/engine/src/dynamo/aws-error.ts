import { EngineError, SqlState } from '../errors';

/**
 * Maps an AWS SDK error to an EngineError that keeps the AWS error name and message
 * (`ResourceNotFoundException: Requested resource not found`), with credentials masked.
 */
export function awsError(e: unknown, context: string): EngineError {
  if (e instanceof EngineError) return e;
  const err = e as { name?: string; message?: string; code?: string; $metadata?: unknown };
  if (err?.name === 'AbortError') return new EngineError(SqlState.queryCanceled, 'canceling statement due to user request');
  const name = err?.name ?? 'Error';
  const message = maskCredentials(err?.message ?? String(e));
  const network = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|TimeoutError|connect/i.test(
    `${name} ${err?.code ?? ''} ${message}`,
  );
  const sqlstate =
    name === 'ResourceNotFoundException'
      ? SqlState.fdwTableNotFound
      : network
        ? SqlState.fdwUnableToEstablishConnection
        : /UnrecognizedClient|InvalidSignature|AccessDenied|ExpiredToken|MissingAuthenticationToken|CredentialsProviderError/.test(name)
          ? SqlState.insufficientPrivilege
          : SqlState.fdwError;
  const text = name === 'Error' || message.startsWith(name) ? message : `${name}: ${message}`;
  return new EngineError(sqlstate, `${text} (${context})`, { cause: e });
}

/** AKIA/ASIA access key ids and 40-char secrets never leave the engine. */
export function maskCredentials(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1********')
    .replace(/Credential=[^,\s]+/g, 'Credential=********');
}

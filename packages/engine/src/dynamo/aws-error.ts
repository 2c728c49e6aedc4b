import { EngineError, SqlState } from '../errors';
import { retriesOf, type RetryRecord } from './retry-budget';
import { maskKnownCredentials } from './credentials/credential-values';
import { serverOfError } from './server-named-errors';

/**
 * Maps an AWS SDK error to an EngineError that keeps the AWS error name and message
 * (`ResourceNotFoundException: Requested resource not found`), with credentials masked.
 */
export function awsError(e: unknown, context: string): EngineError {
  if (e instanceof EngineError) return e;
  const err = e as { name?: string; message?: string; code?: string; $metadata?: unknown };
  if (err?.name === 'AbortError')
    return new EngineError(SqlState.queryCanceled, 'canceling statement due to user request');
  const name = err?.name ?? 'Error';
  const message = maskCredentials(err?.message ?? String(e));
  if (isRefusedWithoutJson(e)) {
    return new EngineError(
      SqlState.insufficientPrivilege,
      `AccessDenied: the request was refused (HTTP 403) (${context})`,
      {
        hint: identityHint(e),
        cause: e,
      },
    );
  }
  const network = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up|TimeoutError|connect/i.test(
    `${name} ${err?.code ?? ''} ${message}`,
  );
  const sqlstate =
    name === 'ResourceNotFoundException'
      ? SqlState.fdwTableNotFound
      : network
        ? SqlState.fdwUnableToEstablishConnection
        : /UnrecognizedClient|InvalidSignature|AccessDenied|ExpiredToken|MissingAuthenticationToken|CredentialsProviderError/.test(
              name,
            )
          ? SqlState.insufficientPrivilege
          : SqlState.fdwError;
  // The name too: an endpoint chooses the `__type` it answers with.
  const text = maskCredentials(
    name === 'Error' || message.startsWith(name) ? message : `${name}: ${message}`,
  );
  const retries = retriesOf(e);
  const exhausted = retries?.exhausted ? retried(retries) : null;
  return new EngineError(sqlstate, `${text} (${context}${exhausted ? `; ${exhausted}` : ''})`, {
    cause: e,
    ...(exhausted
      ? {
          hint: "retry the statement later, raise the table's capacity, or allow longer retries: set dynascope.retry_budget_seconds",
        }
      : sqlstate === SqlState.insufficientPrivilege &&
        /AccessDenied/.test(name) && { hint: identityHint(e) }),
  });
}

/** `… see select * from dynascope.server_identity('prod')`: the server whose client was refused, when known. */
function identityHint(e: unknown): string {
  const server = serverOfError(e);
  const literal = server === undefined ? "'<server>'" : `'${server.replaceAll("'", "''")}'`;
  return `the server's identity is not allowed to do this: see select * from dynascope.server_identity(${literal})`;
}

/** `throttled for 60.2 s over 41 attempts (dynascope.retry_budget_seconds is 60)`. */
function retried(r: RetryRecord): string {
  const what =
    r.throttled === r.attempts ? 'throttled' : r.throttled ? `failing (${r.throttled} throttled)` : 'failing';
  return `${what} for ${(r.elapsedMs / 1000).toFixed(1)} s over ${r.attempts} attempts (dynascope.retry_budget_seconds is ${r.budgetMs / 1000})`;
}

/**
 * HTTP 403 whose body the SDK could not read as DynamoDB's JSON (an IAM denial from a proxy or an
 * emulator answering in XML): the SDK raises a parse error, but the meaning is "access denied".
 */
function isRefusedWithoutJson(e: unknown): boolean {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return (
    err?.$metadata?.httpStatusCode === 403 &&
    (err.name === 'SyntaxError' || /Deserialization error/.test(err.message ?? ''))
  );
}

/**
 * Credentials never leave the engine: the values its clients signed with (credential-values.ts),
 * and anything shaped like an AKIA/ASIA access key id or a SigV4 Credential.
 */
export function maskCredentials(text: string): string {
  return maskKnownCredentials(text)
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1********')
    .replace(/Credential=[^,\s]+/g, 'Credential=********');
}

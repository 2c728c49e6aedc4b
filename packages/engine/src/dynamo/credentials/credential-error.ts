import { EngineError, SqlState } from '../../errors';
import { maskCredentials } from '../aws-error';
import type { CredentialSource } from './credential-source';

/** SQLSTATE 28000, Postgres's invalid_authorization_specification: the credentials cannot be had. */
export const INVALID_AUTHORIZATION = '28000';

/**
 * An error raised while obtaining a server's credentials → an EngineError that names the server and
 * its source and says how to fix it. AWS's own denials (AssumeRole refused) keep AWS's message as
 * 42501. Nothing a `credential_process` printed, nor its command line, reaches the message.
 *
 *   SSO token missing for profile dev → 28000 `the SSO session of profile "dev" has expired or was
 *   never started (server "s")`, hint `run: aws sso login --profile dev`
 */
export function credentialError(e: unknown, server: string, source: CredentialSource): EngineError {
  if (e instanceof EngineError) return e;
  const err = e as { name?: string; message?: string; Code?: string };
  const name = err?.name ?? 'Error';
  const message = String(err?.message ?? e);
  const where = `(server "${server}", ${source.label})`;
  const profile = source.base.kind === 'profile' ? source.base.profile : null;
  if (/AccessDenied/.test(`${name} ${err?.Code ?? ''}`)) {
    return new EngineError(SqlState.insufficientPrivilege, `${name}: ${maskCredentials(message)} ${where}`, {
      hint: source.role
        ? `the base identity must be allowed to assume ${source.role.roleArn}, and its trust policy must allow the base identity`
        : undefined,
      cause: e,
    });
  }
  if (/SSO session|SSO token|sso.*(expired|invalid)|Token is expired|refresh failed/i.test(message)) {
    const loginProfile = /^Profile (\S+) /.exec(message)?.[1] ?? profile ?? 'default';
    return new EngineError(
      INVALID_AUTHORIZATION,
      `the SSO session of profile "${loginProfile}" has expired or was never started ${where}`,
      {
        hint: `run: aws sso login --profile ${loginProfile}`,
        cause: e,
      },
    );
  }
  if (/credential_process/.test(message) || /^Command failed/.test(message)) {
    // Only the SDK's fixed sentences: the command's own output or line may hold a secret.
    const fixed =
      /^(Profile \S+ credential_process (returned invalid JSON|returned invalid credentials|returned expired credentials|did not return Version 1)\.)/.exec(
        message,
      );
    return new EngineError(
      INVALID_AUTHORIZATION,
      `${fixed ? fixed[1] : 'the credential_process command failed'} ${where}`,
      {
        hint: "run the profile's credential_process command in a shell to see why",
      },
    );
  }
  if (/UnrecognizedClient|InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken/.test(name)) {
    return new EngineError(SqlState.insufficientPrivilege, `${name}: ${maskCredentials(message)} ${where}`, {
      cause: e,
    });
  }
  return new EngineError(
    INVALID_AUTHORIZATION,
    `could not obtain AWS credentials: ${maskCredentials(message)} ${where}`,
    {
      ...(source.base.kind === 'default-chain' && {
        hint: "the default chain reads the environment, ~/.aws and the instance role; name a profile instead with profile '<name>'",
      }),
      cause: e,
    },
  );
}

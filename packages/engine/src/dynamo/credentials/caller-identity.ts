import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ServerIdentity } from '@dynascope/contract';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsError } from '../aws-error';
import type { ServerCredentials } from './server-credentials';
import { remembering } from './credential-values';

/**
 * An STS client for GetCallerIdentity through a server's credentials (the caller destroys it), on
 * `requestHandler` (the server's DynamoDB client's, so that its requests count as in flight too).
 */
export function identityClient(credentials: ServerCredentials, requestHandler: NodeHttpHandler): STSClient {
  return new STSClient({
    ...credentials.stsConfig,
    credentials: remembering(credentials.provider),
    maxAttempts: 2,
    requestHandler,
  });
}

/**
 * Who the server is: STS GetCallerIdentity with its credentials (obtaining them first, so a broken
 * profile or a refused role shows here), and when those credentials expire.
 */
export async function callerIdentity(
  server: string,
  credentials: ServerCredentials,
  sts: STSClient,
  signal?: AbortSignal,
): Promise<ServerIdentity> {
  const creds = await credentials.provider();
  let out;
  try {
    out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  } catch (e) {
    throw awsError(e, `GetCallerIdentity for server "${server}"`);
  }
  return {
    server,
    account: out.Account ?? '',
    arn: out.Arn ?? '',
    userId: out.UserId ?? '',
    source: credentials.source.label,
    expiresAt: creds.expiration?.toISOString() ?? null,
  };
}

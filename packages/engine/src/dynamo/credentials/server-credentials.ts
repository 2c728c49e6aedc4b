import {
  AssumeRoleWithWebIdentityCommand,
  STSClient,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ServerDef } from '../../catalog/foreign-table';
import { EngineError } from '../../errors';
import { readAwsProfile } from './aws-profiles';
import { INVALID_AUTHORIZATION, credentialError } from './credential-error';
import { credentialSource, type AssumedRole, type CredentialSource } from './credential-source';
import { rememberCredentials, remembering } from './credential-values';

/** What every AWS client of one server shares: one provider (resolved once, refreshed before expiry), a region. */
export interface ServerCredentials {
  readonly source: CredentialSource;
  readonly provider: AwsCredentialIdentityProvider;
  /** The server's `region`, else its profile's, else AWS_REGION, else us-east-1 (serverRegion). */
  readonly region: string;
  /** Where `region` came from: `default` when nothing set one (plans then carry none). */
  readonly regionSource: RegionSource;
  /** Settings of the STS clients (AssumeRole, GetCallerIdentity): region, `sts_endpoint_url`, the profile's endpoint settings. */
  readonly stsConfig: { readonly region: string; readonly endpoint?: string; readonly profile?: string };
}

const DEFAULT_REGION = 'us-east-1';
const STS_HANDLER = { connectionTimeout: 3000, requestTimeout: 30_000 } as const;

/**
 * A server's credentials from its options, with the SDK's own providers: keys (read from the vault by
 * `readKeys` now, never later), a profile of the shared config files (`fromIni`: static keys, SSO,
 * credential_process, role chains, web identity), or the default chain; then `role_arn` assumed on
 * top (`fromTemporaryCredentials`). Temporary credentials are refreshed 5 minutes before they expire.
 * Failures become EngineErrors naming the server and the fix (credential-error.ts).
 */
export async function resolveServerCredentials(
  server: ServerDef,
  readKeys: () => Promise<AwsCredentialIdentity>,
): Promise<ServerCredentials> {
  const source = credentialSource(server.options);
  const profileName = source.base.kind === 'profile' ? source.base.profile : undefined;
  let profileRegion: string | undefined;
  if (profileName !== undefined) {
    const profile = await readAwsProfile(profileName);
    if (!profile) {
      throw new EngineError(
        INVALID_AUTHORIZATION,
        `AWS profile "${profileName}" not found (server "${server.name}")`,
        {
          hint: `profiles are read from ${process.env.AWS_CONFIG_FILE || '~/.aws/config'} and ${process.env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials'}; GET /api/aws/profiles lists them`,
        },
      );
    }
    profileRegion = profile.region;
  }
  const { region, regionSource } = serverRegion(server.options.region, profileRegion, process.env.AWS_REGION);
  const stsConfig = {
    region,
    ...(source.stsEndpoint && { endpoint: source.stsEndpoint }),
    ...(profileName !== undefined && { profile: profileName }),
  };
  let base: AwsCredentialIdentityProvider;
  switch (source.base.kind) {
    case 'vault-keys':
    case 'plain-keys': {
      const keys = await readKeys();
      base = async () => keys;
      break;
    }
    case 'profile':
      // Role chains inside the profile call STS too: through the server's STS settings.
      base = fromIni({
        profile: source.base.profile,
        ignoreCache: true,
        roleAssumer: (creds, params) => assumeRole(creds, params, stsConfig),
        roleAssumerWithWebIdentity: (params) => assumeRoleWithWebIdentity(params, stsConfig),
      });
      break;
    case 'default-chain':
      base = fromNodeProviderChain({ ignoreCache: true });
      break;
  }
  const credentials = source.role ? onRole(base, source.role, stsConfig) : base;
  const provider = memoizeIdentityProvider(
    async () => {
      try {
        return await credentials();
      } catch (e) {
        throw credentialError(e, server.name, source);
      }
    },
    isIdentityExpired,
    doesIdentityRequireRefresh,
  )!;
  return Object.freeze({ source, provider, region, regionSource, stsConfig });
}

export type RegionSource = 'server' | 'profile' | 'environment' | 'default';

/**
 * The region a server's clients call: the server's `region` option (the client's own setting, as
 * the SDK's `region` config), the `region` of the profile the server names in the config file, then
 * AWS_REGION, else us-east-1. (The SDK's default chain reads AWS_REGION before the default profile's
 * region; here a server that names a profile is taken to mean that profile's region.)
 *   serverRegion(undefined, 'eu-west-1', 'us-west-2') → { region: 'eu-west-1', regionSource: 'profile' }
 *   serverRegion(undefined, undefined, undefined)     → { region: 'us-east-1', regionSource: 'default' }
 */
export function serverRegion(
  option: string | undefined,
  profileRegion: string | undefined,
  environment: string | undefined,
): { region: string; regionSource: RegionSource } {
  if (option) return { region: option, regionSource: 'server' };
  if (profileRegion) return { region: profileRegion, regionSource: 'profile' };
  if (environment) return { region: environment, regionSource: 'environment' };
  return { region: DEFAULT_REGION, regionSource: 'default' };
}

/** `role_arn` (and its parameters) assumed with the base credentials. */
function onRole(
  base: AwsCredentialIdentityProvider,
  role: AssumedRole,
  stsConfig: ServerCredentials['stsConfig'],
): AwsCredentialIdentityProvider {
  return fromTemporaryCredentials({
    // What it resolves is masked out of every error text (credential-values.ts), STS's too.
    masterCredentials: remembering(base),
    params: {
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName,
      ...(role.externalId !== null && { ExternalId: role.externalId }),
      ...(role.durationSeconds !== null && { DurationSeconds: role.durationSeconds }),
    },
    clientConfig: { ...stsConfig, maxAttempts: 2, requestHandler: STS_HANDLER },
  });
}

/** The role assumer of a profile's role chain (`role_arn` + `source_profile`), with the server's STS settings. */
function assumeRole(
  creds: AwsCredentialIdentity,
  params: { RoleArn?: string; RoleSessionName?: string; ExternalId?: string; DurationSeconds?: number },
  stsConfig: ServerCredentials['stsConfig'],
): Promise<AwsCredentialIdentity> {
  rememberCredentials(creds);
  return fromTemporaryCredentials({
    masterCredentials: creds,
    params: { ...params, RoleArn: params.RoleArn! },
    clientConfig: { ...stsConfig, maxAttempts: 2, requestHandler: STS_HANDLER },
  })();
}

/** The web identity assumer of a profile with `web_identity_token_file`, with the server's STS settings. */
async function assumeRoleWithWebIdentity(
  params: AssumeRoleWithWebIdentityCommandInput,
  stsConfig: ServerCredentials['stsConfig'],
): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({ ...stsConfig, maxAttempts: 2, requestHandler: STS_HANDLER });
  try {
    const { Credentials: c } = await sts.send(new AssumeRoleWithWebIdentityCommand(params));
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`STS answered no credentials for ${params.RoleArn}`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken && { sessionToken: c.SessionToken }),
      ...(c.Expiration && { expiration: c.Expiration }),
    };
  } finally {
    sts.destroy();
  }
}

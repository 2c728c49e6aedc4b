import { CONFIG_PREFIX_SEPARATOR, parseKnownFiles } from '@smithy/core/config';
import type { AwsProfile, AwsProfileKind } from '@dynascope/contract';

type IniSection = Readonly<Record<string, string | undefined>>;

/** Config-file sections that are not profiles (`[sso-session x]`, `[services x]`). */
const NOT_PROFILES = ['sso-session', 'services'].map((t) => t + CONFIG_PREFIX_SEPARATOR);

/**
 * The profiles of the shared config and credentials files (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE honoured, read afresh), sorted by name: name, region and kind only.
 * Profiles that hold no credentials (only a region, say) are left out: no server can use them.
 */
export async function listAwsProfiles(): Promise<AwsProfile[]> {
  const profiles = await readProfiles();
  const out: AwsProfile[] = [];
  for (const [name, data] of Object.entries(profiles)) {
    const kind = profileKind(data);
    if (kind) out.push({ name, region: data.region ?? null, kind });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** One profile's settings as the SDK merges them from both files, or undefined if neither has it. */
export async function readAwsProfile(name: string): Promise<IniSection | undefined> {
  const profiles = await readProfiles();
  return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

async function readProfiles(): Promise<Record<string, IniSection>> {
  const merged = await parseKnownFiles({ ignoreCache: true });
  return Object.fromEntries(
    Object.entries(merged).filter(([name]) => !NOT_PROFILES.some((p) => name.startsWith(p))),
  );
}

/**
 * Which credentials a profile yields, in the order the SDK's ini provider checks them: a role
 * (`role_arn` with `source_profile` or `credential_source`), static keys, web identity,
 * `credential_process`, SSO; null when it has none of them.
 *
 *   { role_arn: 'arn:...:role/R', source_profile: 'base' } → 'role'
 *   { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'Dev' } → 'sso'
 */
export function profileKind(p: IniSection): AwsProfileKind | null {
  if (p.role_arn !== undefined && p.web_identity_token_file !== undefined) return 'web-identity';
  if (p.role_arn !== undefined && (p.source_profile !== undefined) !== (p.credential_source !== undefined))
    return 'role';
  if (p.aws_access_key_id !== undefined && p.aws_secret_access_key !== undefined) return 'static';
  if (p.credential_process !== undefined) return 'process';
  if (['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name'].some((k) => p[k] !== undefined))
    return 'sso';
  return null;
}

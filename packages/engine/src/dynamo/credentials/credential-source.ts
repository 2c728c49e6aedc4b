/** Where a server's base credentials come from (before any role is assumed on top). */
export type BaseCredentials =
  | { readonly kind: 'vault-keys' }
  | { readonly kind: 'plain-keys' }
  | { readonly kind: 'profile'; readonly profile: string }
  | { readonly kind: 'default-chain' };

/** `role_arn` and its AssumeRole parameters. */
export interface AssumedRole {
  readonly roleArn: string;
  readonly externalId: string | null;
  readonly sessionName: string;
  readonly durationSeconds: number | null;
}

/** How one server obtains its credentials, decided from its options alone (no file, no network). */
export interface CredentialSource {
  readonly base: BaseCredentials;
  readonly role: AssumedRole | null;
  /** `sts_endpoint_url`; null: the SDK's own endpoint settings (AWS_ENDPOINT_URL_STS, the config's `services`). */
  readonly stsEndpoint: string | null;
  /** For people, and `server_identity().source`: `profile reader → assume-role ReadOnly`. */
  readonly label: string;
}

const BASE_LABELS = {
  'vault-keys': 'vault keys',
  'plain-keys': 'server keys',
  'default-chain': 'default chain',
} as const;

/** The session name a role is assumed with when the server names none (CloudTrail shows it). */
export const DEFAULT_ROLE_SESSION_NAME = 'dynascope';

/**
 * A validated server's options → its credential source. The vault pair wins over the plain pair,
 * and a key pair over `credentials 'default'` (spec §1); a profile stands alone (validation).
 *
 *   { profile: 'reader', role_arn: 'arn:aws:iam::1:role/ReadOnly' }
 *     → { base: { kind: 'profile', profile: 'reader' }, role: { roleArn, sessionName: 'dynascope', ... },
 *         label: 'profile reader → assume-role ReadOnly' }
 */
export function credentialSource(options: Readonly<Record<string, string>>): CredentialSource {
  const base: BaseCredentials =
    options.vault_access_key_id !== undefined && options.vault_secret_access_key !== undefined
      ? { kind: 'vault-keys' }
      : options.aws_access_key_id !== undefined && options.aws_secret_access_key !== undefined
        ? { kind: 'plain-keys' }
        : options.profile !== undefined
          ? { kind: 'profile', profile: options.profile }
          : { kind: 'default-chain' };
  const role: AssumedRole | null = options.role_arn
    ? {
        roleArn: options.role_arn,
        externalId: options.external_id ?? null,
        sessionName: options.role_session_name ?? DEFAULT_ROLE_SESSION_NAME,
        durationSeconds: options.duration_seconds === undefined ? null : Number(options.duration_seconds),
      }
    : null;
  const baseLabel = base.kind === 'profile' ? `profile ${base.profile}` : BASE_LABELS[base.kind];
  const label = role
    ? `${baseLabel} → assume-role ${role.roleArn.slice(role.roleArn.lastIndexOf('/') + 1)}`
    : baseLabel;
  return Object.freeze({
    base: Object.freeze(base),
    role: role && Object.freeze(role),
    stsEndpoint: options.sts_endpoint_url ?? null,
    label,
  });
}

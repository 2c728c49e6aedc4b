import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The credential values the engine's clients sign with — access key ids, secret keys, session
 * tokens, from the vault, a profile or a role — kept to be cut out of every error text that could
 * carry one back (aws-error.ts maskCredentials). An endpoint that answers with a request header in
 * its error (an emulator, a proxy, or one a user pointed a server at) would otherwise show it.
 */
const known = new Set<string>();

/** Values shorter than this are not credentials (masking them would garble ordinary words). */
const MIN_LENGTH = 8;

/** Remembers the values of `identity` (as a provider resolves them). */
export function rememberCredentials(identity: Partial<AwsCredentialIdentity>): void {
  for (const v of [identity.accessKeyId, identity.secretAccessKey, identity.sessionToken])
    if (v && v.length >= MIN_LENGTH) known.add(v);
}

/** A provider that remembers what it resolves before the SDK signs with it. */
export function remembering(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (options) => {
    const identity = await provider(options);
    rememberCredentials(identity);
    return identity;
  };
}

/** `text` with every remembered credential value replaced by `********`. */
export function maskKnownCredentials(text: string): string {
  let masked = text;
  for (const v of known) if (masked.includes(v)) masked = masked.split(v).join('********');
  return masked;
}

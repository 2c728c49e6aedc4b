import { credentialDestination } from '@dynascope/contract';

/** The options whose values are keys the vault keeps for a server (plain ones masked, vault_* refs). */
export const KEY_OPTIONS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'session_token',
  'vault_access_key_id',
  'vault_secret_access_key',
  'vault_session_token',
] as const;

/** What keysMove reads of the editor's state (server-editor-reducer.ts ServerEditorState, which imports this module). */
export interface KeysMoveState {
  readonly mode: 'create' | 'alter';
  readonly original: Readonly<Record<string, string>> | null;
  readonly draft: {
    readonly source: string;
    readonly endpointUrl: string;
    readonly stsEndpointUrl: string;
    readonly roleArn: string;
  };
}

/** Where an edit would send a server's stored keys instead of where they go now. */
export interface KeysMove {
  readonly from: string;
  readonly to: string;
}

/**
 * Whether the edit keeps the server's stored keys but sends them elsewhere: the engine binds them to
 * their first destination and refuses the ALTER (42501), so the editor asks for new keys instead.
 *   keys, no endpoint → endpoint_url 'https://dynamodb.example.invalid' → { from: 'aws', to: 'https://dynamodb.example.invalid' }
 *   keys, endpoint_url 'http://127.0.0.1:8000' → 'http://localhost:4566' → null (both this machine)
 */
export function keysMove(s: KeysMoveState): KeysMove | null {
  const original = s.original;
  if (s.mode !== 'alter' || !original || s.draft.source !== 'keys') return null;
  if (!KEY_OPTIONS.some((k) => original[k] !== undefined)) return null;
  const d = s.draft;
  const options: Record<string, string> = {};
  if (d.endpointUrl) options.endpoint_url = d.endpointUrl;
  if (d.stsEndpointUrl) options.sts_endpoint_url = d.stsEndpointUrl;
  if (d.roleArn) options.role_arn = d.roleArn;
  const from = credentialDestination({ options: original });
  const to = credentialDestination({ options });
  return from === to ? null : { from, to };
}

/** The editor's one line on it: asking for the keys, or once they are typed, where they go. */
export function keysMoveLine(m: KeysMove, keysTyped = false): string {
  const moved = `Keys stored for ${shown(m.from)} are not sent to ${shown(m.to)}`;
  return keysTyped
    ? `${moved}: these keys go to new vault secrets for it.`
    : `${moved}: enter this server's keys for the new endpoint.`;
}

/** A destination as people write it: `aws` → `AWS`. */
function shown(destination: string): string {
  return destination
    .split(', through STS at ')
    .map((place) => (place === 'aws' ? 'AWS' : place))
    .join(', through STS at ');
}

/**
 * A vault secret name for new keys: the next free one after the server's current secret.
 *   ('prod_access_key_id', 'prod_access_key_id', []) → 'prod_access_key_id_2'
 *   ('prod_access_key_id_2', 'prod_access_key_id', []) → 'prod_access_key_id_3'
 *   (undefined, 'prod_access_key_id', ['prod_access_key_id']) → 'prod_access_key_id_2'
 */
export function freshSecretName(current: string | undefined, base: string, taken: readonly string[]): string {
  const used = new Set([...taken, ...(current === undefined ? [] : [current])]);
  for (let n = (current === undefined ? 0 : suffixOf(current, base)) + 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (!used.has(name)) return name;
  }
}

/** 1 for `base`, n for `base_n`, else 0. */
function suffixOf(name: string, base: string): number {
  if (name === base) return 1;
  const n = name.startsWith(`${base}_`) ? name.slice(base.length + 1) : '';
  return /^\d+$/.test(n) ? Number(n) : 0;
}

import type { AwsProfile, CatalogServer } from '@dynascope/contract';
import { keysMove, keysMoveLine } from './keys-move';

/** Where a server's base credentials come from, as the editor offers them. */
export type CredentialChoice = 'profile' | 'keys' | 'default';

/** What the form holds: every field as text ('' = not set). */
export interface ServerDraft {
  readonly name: string;
  readonly source: CredentialChoice;
  readonly profile: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly roleArn: string;
  readonly externalId: string;
  readonly roleSessionName: string;
  readonly region: string;
  readonly endpointUrl: string;
  readonly stsEndpointUrl: string;
  readonly environment: string;
}

export type DraftField = Exclude<keyof ServerDraft, 'source'>;

export interface ServerEditorState {
  readonly mode: 'create' | 'alter';
  /** The server's options as the catalog shows them (alter), credentials masked. */
  readonly original: Readonly<Record<string, string>> | null;
  readonly draft: ServerDraft;
  /** The API process's AWS profiles; null until loaded. */
  readonly profiles: readonly AwsProfile[] | null;
  readonly profilesError: string | null;
  readonly saving: boolean;
  /** The engine's answer to the last save, when it failed. */
  readonly error: string | null;
}

export type ServerEditorAction =
  | { readonly type: 'profiles-loaded'; readonly profiles: readonly AwsProfile[] }
  | { readonly type: 'profiles-failed'; readonly message: string }
  | { readonly type: 'field-set'; readonly field: DraftField; readonly value: string }
  | { readonly type: 'source-set'; readonly source: CredentialChoice }
  | { readonly type: 'save-started' }
  | { readonly type: 'save-failed'; readonly message: string };

const EMPTY: ServerDraft = {
  name: '',
  source: 'profile',
  profile: '',
  accessKeyId: '',
  secretAccessKey: '',
  roleArn: '',
  externalId: '',
  roleSessionName: '',
  region: '',
  endpointUrl: '',
  stsEndpointUrl: '',
  environment: '',
};

/** A new server: a profile by default (the common case for real accounts). */
export function createEditor(): ServerEditorState {
  return {
    mode: 'create',
    original: null,
    draft: EMPTY,
    profiles: null,
    profilesError: null,
    saving: false,
    error: null,
  };
}

/** An existing server's options in the form; keys are never shown (blank keeps them). */
export function alterEditor(server: CatalogServer): ServerEditorState {
  const o = server.options;
  const source: CredentialChoice =
    o.profile !== undefined
      ? 'profile'
      : o.vault_access_key_id !== undefined || o.aws_access_key_id !== undefined
        ? 'keys'
        : 'default';
  return {
    ...createEditor(),
    mode: 'alter',
    original: o,
    draft: {
      ...EMPTY,
      name: server.name,
      source,
      profile: o.profile ?? '',
      roleArn: o.role_arn ?? '',
      externalId: o.external_id ?? '',
      roleSessionName: o.role_session_name ?? '',
      region: o.region ?? '',
      endpointUrl: o.endpoint_url ?? '',
      stsEndpointUrl: o.sts_endpoint_url ?? '',
      environment: o.environment ?? '',
    },
  };
}

export function serverEditorReducer(s: ServerEditorState, a: ServerEditorAction): ServerEditorState {
  switch (a.type) {
    case 'profiles-loaded': {
      // A new server picks the only profile there is; a profile that vanished stays as typed.
      const only =
        a.profiles.length === 1 && s.mode === 'create' && !s.draft.profile
          ? a.profiles[0]!.name
          : s.draft.profile;
      return { ...s, profiles: a.profiles, profilesError: null, draft: { ...s.draft, profile: only } };
    }
    case 'profiles-failed':
      return { ...s, profiles: [], profilesError: a.message };
    case 'field-set':
      if (a.field === 'name' && s.mode === 'alter') return s;
      return { ...s, draft: { ...s.draft, [a.field]: a.value }, error: null };
    case 'source-set':
      return { ...s, draft: { ...s.draft, source: a.source }, error: null };
    case 'save-started':
      return { ...s, saving: true, error: null };
    case 'save-failed':
      return { ...s, saving: false, error: a.message };
  }
}

/** The region a server without `region` gets: its profile's, else us-east-1. */
export function defaultRegion(s: ServerEditorState): string {
  const profile =
    s.draft.source === 'profile' ? s.profiles?.find((p) => p.name === s.draft.profile) : undefined;
  return profile?.region ?? 'us-east-1';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Why the draft cannot be saved yet, or null. */
export function draftProblem(s: ServerEditorState): string | null {
  const d = s.draft;
  if (!IDENTIFIER.test(d.name)) return 'Name the server (letters, digits, _).';
  if (d.source === 'profile' && !d.profile) return 'Pick a profile.';
  const keysKept =
    s.original?.vault_access_key_id !== undefined || s.original?.aws_access_key_id !== undefined;
  const typed = Boolean(d.accessKeyId) || Boolean(d.secretAccessKey);
  // Stored keys go only where they were first sent: elsewhere, the server needs keys of its own.
  const move = keysMove(s);
  if (move && !(d.accessKeyId && d.secretAccessKey)) return keysMoveLine(move);
  if (d.source === 'keys' && (typed || !keysKept) && !(d.accessKeyId && d.secretAccessKey)) {
    return 'Enter both the access key ID and the secret access key.';
  }
  if (d.roleArn && !ROLE_ARN.test(d.roleArn))
    return 'The role ARN looks like arn:aws:iam::123456789012:role/Name.';
  if (!d.roleArn && (d.externalId || d.roleSessionName))
    return 'An external ID or session name needs a role ARN.';
  return null;
}

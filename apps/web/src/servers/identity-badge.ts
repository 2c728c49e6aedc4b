import type { ServerIdentity } from '@dynascope/contract';

/** What the schema tree knows of a server's identity. */
export type IdentityState =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly identity: ServerIdentity }
  | { readonly status: 'failed'; readonly message: string; readonly hint: string | null }
  /** A server on a local endpoint (DynamoDB Local, dynalite) with no STS to ask. */
  | { readonly status: 'local' };

export interface IdentityBadge {
  /** Short, for the tree row: `ReadOnly · 123456789012 · 52m`. */
  readonly label: string;
  /** The full story, for the tooltip: ARN, source, expiry, or the error and its fix. */
  readonly detail: string;
  readonly tone: 'ok' | 'warn' | 'error' | 'muted';
}

/**
 * Whether to ask STS who a server is: not for a server on a local endpoint without its own STS
 * endpoint (an emulator has no identity, and the real STS would only refuse its test keys).
 */
export function needsIdentity(options: Readonly<Record<string, string>>): boolean {
  return options.endpoint_url === undefined || options.sts_endpoint_url !== undefined;
}

/** The role or user an ARN names: `assumed-role/ReadOnly/session` → ReadOnly, `user/alice` → alice. */
export function principalOf(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const [kind, name, ...rest] = resource.split('/');
  if (kind === 'assumed-role' && name) return name;
  if (kind === 'root' || resource === 'root') return 'root';
  return rest.length ? (rest.at(-1) ?? name ?? resource) : (name ?? resource);
}

/** `52m`, `3h05m`, or `expired` (short: the sidebar is narrow). */
export function timeLeft(expiresAt: string, now: number): string {
  const minutes = Math.floor((Date.parse(expiresAt) - now) / 60_000);
  if (minutes < 0) return 'expired';
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * The badge of a server in the schema tree.
 *   ok, assumed-role/ReadOnly, expires in 52 min → { label: 'ReadOnly · 123456789012 · 52m', tone: 'ok' }
 *   failed (28000, run aws sso login) → { label: 'credentials failed', tone: 'error', detail: message + fix }
 */
export function identityBadge(state: IdentityState, now: number): IdentityBadge {
  switch (state.status) {
    case 'loading':
      return { label: '…', detail: 'Asking STS who this server is', tone: 'muted' };
    case 'local':
      return {
        label: 'local endpoint',
        detail: 'Local endpoint (endpoint_url): no AWS identity to show',
        tone: 'muted',
      };
    case 'failed':
      return {
        label: 'credentials failed',
        detail: [state.message, state.hint && `Fix: ${state.hint}`].filter(Boolean).join('\n'),
        tone: 'error',
      };
    case 'ok': {
      const i = state.identity;
      const left = i.expiresAt ? timeLeft(i.expiresAt, now) : null;
      const minutes = i.expiresAt ? (Date.parse(i.expiresAt) - now) / 60_000 : Infinity;
      return {
        label: [principalOf(i.arn), i.account, left].filter(Boolean).join(' · '),
        detail: [
          i.arn,
          `via ${i.source}`,
          i.expiresAt ? `expires ${i.expiresAt} (refreshed before then)` : 'long-term credentials',
        ].join('\n'),
        tone: minutes < 0 ? 'error' : minutes < 10 ? 'warn' : 'ok',
      };
    }
  }
}

import { useNow } from '../../app/use-now';
import { identityBadge, type IdentityState } from '../../servers/identity-badge';
import './servers.css';

/** Who a server is (role or user, account, time left), or that its credentials fail. */
export function ServerIdentityBadge({ state }: { readonly state: IdentityState | undefined }) {
  const now = useNow(30_000);
  const badge = identityBadge(state ?? { status: 'loading' }, now);
  return (
    <span className={`identity-badge ${badge.tone}`} title={badge.detail} data-testid="identity-badge">
      {badge.label}
    </span>
  );
}

import { describe, expect, it } from 'vitest';
import { identityBadge, needsIdentity, principalOf, timeLeft } from './identity-badge';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const identity = (arn: string, expiresAt: string | null) => ({
  server: 's',
  account: '123456789012',
  arn,
  userId: 'AROA:x',
  source: 'profile reader',
  expiresAt,
});

describe('identity badge', () => {
  it.each([
    ['arn:aws:sts::123456789012:assumed-role/ReadOnly/dynascope', 'ReadOnly'],
    ['arn:aws:iam::123456789012:user/alice', 'alice'],
    ['arn:aws:iam::123456789012:user/team/bob', 'bob'],
    ['arn:aws:iam::123456789012:root', 'root'],
    ['arn:aws:sts::123456789012:federated-user/carol', 'carol'],
  ])('principalOf(%s) = %s', (arn, principal) => {
    expect(principalOf(arn)).toBe(principal);
  });

  it('time left', () => {
    expect(timeLeft('2026-01-01T12:52:30Z', NOW)).toBe('52m');
    expect(timeLeft('2026-01-01T15:05:00Z', NOW)).toBe('3h05m');
    expect(timeLeft('2026-01-01T11:59:00Z', NOW)).toBe('expired');
  });

  it('a role with temporary credentials: role, account, time left; amber under 10 minutes', () => {
    const ok = identityBadge(
      {
        status: 'ok',
        identity: identity(
          'arn:aws:sts::123456789012:assumed-role/ReadOnly/dynascope',
          '2026-01-01T12:52:00Z',
        ),
      },
      NOW,
    );
    expect(ok).toEqual({
      label: 'ReadOnly · 123456789012 · 52m',
      detail:
        'arn:aws:sts::123456789012:assumed-role/ReadOnly/dynascope\nvia profile reader\nexpires 2026-01-01T12:52:00Z (refreshed before then)',
      tone: 'ok',
    });
    expect(
      identityBadge(
        { status: 'ok', identity: identity('arn:aws:sts::1:assumed-role/R/s', '2026-01-01T12:05:00Z') },
        NOW,
      ).tone,
    ).toBe('warn');
    expect(
      identityBadge({ status: 'ok', identity: identity('arn:aws:iam::123456789012:user/alice', null) }, NOW),
    ).toMatchObject({
      label: 'alice · 123456789012',
      tone: 'ok',
    });
  });

  it('failed credentials: a clear state with the fix', () => {
    expect(
      identityBadge(
        {
          status: 'failed',
          message: 'the SSO session of profile "dev" has expired',
          hint: 'run: aws sso login --profile dev',
        },
        NOW,
      ),
    ).toEqual({
      label: 'credentials failed',
      detail: 'the SSO session of profile "dev" has expired\nFix: run: aws sso login --profile dev',
      tone: 'error',
    });
  });

  it('servers on a local endpoint are not asked (no STS there), unless they name an STS endpoint', () => {
    expect(needsIdentity({ profile: 'p' })).toBe(true);
    expect(needsIdentity({ endpoint_url: 'http://127.0.0.1:8000' })).toBe(false);
    expect(
      needsIdentity({ endpoint_url: 'http://127.0.0.1:5000', sts_endpoint_url: 'http://127.0.0.1:5000' }),
    ).toBe(true);
    expect(identityBadge({ status: 'local' }, NOW).tone).toBe('muted');
  });
});

import { describe, expect, it } from 'vitest';
import { credentialSource } from './credential-source';

const role = 'arn:aws:iam::123456789012:role/ReadOnly';

describe('credentialSource', () => {
  it.each([
    [{ vault_access_key_id: 'k', vault_secret_access_key: 's' }, 'vault keys'],
    [{ aws_access_key_id: '********', aws_secret_access_key: '********' }, 'server keys'],
    [
      {
        aws_access_key_id: 'a',
        aws_secret_access_key: 'b',
        vault_access_key_id: 'k',
        vault_secret_access_key: 's',
      },
      'vault keys',
    ],
    [{ credentials: 'default', aws_access_key_id: 'a', aws_secret_access_key: 'b' }, 'server keys'],
    [{ credentials: 'default' }, 'default chain'],
    [{ profile: 'reader' }, 'profile reader'],
    [{ profile: 'reader', role_arn: role }, 'profile reader → assume-role ReadOnly'],
    [
      { credentials: 'default', role_arn: 'arn:aws:iam::123456789012:role/team/Writer' },
      'default chain → assume-role Writer',
    ],
  ])('%j → %s', (options, label) => {
    expect(credentialSource(options).label).toBe(label);
  });

  it('a role with its parameters, the default session name, and the STS endpoint', () => {
    const s = credentialSource({
      vault_access_key_id: 'k',
      vault_secret_access_key: 's',
      role_arn: role,
      external_id: 'ext-1',
      duration_seconds: '900',
      sts_endpoint_url: 'http://127.0.0.1:5000',
    });
    expect(s).toEqual({
      base: { kind: 'vault-keys' },
      role: { roleArn: role, externalId: 'ext-1', sessionName: 'dynascope', durationSeconds: 900 },
      stsEndpoint: 'http://127.0.0.1:5000',
      label: 'vault keys → assume-role ReadOnly',
    });
    expect(Object.isFrozen(s) && Object.isFrozen(s.role)).toBe(true);
    expect(
      credentialSource({ profile: 'p', role_arn: role, role_session_name: 'me' }).role?.sessionName,
    ).toBe('me');
    expect(credentialSource({ profile: 'p' })).toMatchObject({ role: null, stsEndpoint: null });
  });
});

import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAwsProfiles, profileKind, readAwsProfile } from './aws-profiles';
import { AwsFiles } from '../../../test/support/aws-files';

describe('profileKind', () => {
  it.each([
    [{ aws_access_key_id: 'AKIA', aws_secret_access_key: 's', region: 'eu-west-1' }, 'static'],
    [{ role_arn: 'arn:aws:iam::1:role/R', source_profile: 'base' }, 'role'],
    [{ role_arn: 'arn:aws:iam::1:role/R', credential_source: 'Ec2InstanceMetadata' }, 'role'],
    [{ role_arn: 'arn:aws:iam::1:role/R', web_identity_token_file: '/t' }, 'web-identity'],
    [{ credential_process: '/bin/helper --json' }, 'process'],
    [{ sso_session: 'corp', sso_account_id: '1', sso_role_name: 'Dev' }, 'sso'],
    [{ sso_start_url: 'https://x.awsapps.com/start', sso_region: 'us-east-1' }, 'sso'],
    [{ region: 'eu-west-1' }, null],
    [{ role_arn: 'arn:aws:iam::1:role/R' }, null],
  ])('%j → %s', (profile, kind) => {
    expect(profileKind(profile)).toBe(kind);
  });
});

describe('listAwsProfiles / readAwsProfile (real files through the SDK loader)', () => {
  const aws = new AwsFiles();
  beforeAll(() => {
    aws.use(
      [
        '[default]',
        'region = us-west-2',
        '[profile reader]',
        'role_arn = arn:aws:iam::123456789012:role/ReadOnly',
        'source_profile = base',
        'region = eu-west-1',
        '[profile helper]',
        'credential_process = /usr/local/bin/creds --json',
        '[profile dev]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Dev',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '[services local]',
        'dynamodb =',
        '  endpoint_url = http://127.0.0.1:8000',
      ],
      ['[base]', 'aws_access_key_id = AKIAEXAMPLEEXAMPLE00', 'aws_secret_access_key = very-secret-value'],
    );
  });
  afterAll(() => aws.dispose());

  it('lists every profile with credentials, with its region and kind, and nothing secret', async () => {
    const profiles = await listAwsProfiles();
    expect(profiles).toEqual([
      { name: 'base', region: null, kind: 'static' },
      { name: 'dev', region: null, kind: 'sso' },
      { name: 'helper', region: null, kind: 'process' },
      { name: 'reader', region: 'eu-west-1', kind: 'role' },
    ]);
    expect(JSON.stringify(profiles)).not.toMatch(/AKIA|very-secret|creds --json/);
  });

  it('reads the files afresh: a profile added later is listed', async () => {
    writeFileSync(
      aws.path('credentials'),
      '[base]\naws_access_key_id = A\naws_secret_access_key = B\n[later]\naws_access_key_id = C\naws_secret_access_key = D\n',
    );
    expect((await listAwsProfiles()).map((p) => p.name)).toContain('later');
    expect(await readAwsProfile('later')).toMatchObject({ aws_access_key_id: 'C' });
    expect(await readAwsProfile('nope')).toBeUndefined();
    expect(await readAwsProfile('sso-session.corp')).toBeUndefined();
  });
});
